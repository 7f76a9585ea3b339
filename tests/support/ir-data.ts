import type { IrData } from '../../src/ir/schema.js';

/** An `IrData` for loader tests: source `type(params)`, all of it for training, nothing else set; `overrides` replace fields. */
export function irData(type: string, params: IrData['source']['params'], overrides: Partial<IrData> = {}): IrData {
  return {
    name: 'd',
    source: { type, params },
    normalize: 'none',
    split: { train: 1, validation: 0, test: 0, stratify: false },
    limit: null,
    featureShape: null,
    classes: null,
    task: null,
    features: null,
    drop: [],
    impute: null,
    normalizeTarget: 'none',
    classNames: null,
    ...overrides,
  };
}
