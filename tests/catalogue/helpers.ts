import type { IrValue } from '../../src/ir/schema.js';
import { lookupLayer } from '../../src/catalogue/index.js';
import type { LayerView, ShapeResult } from '../../src/catalogue/index.js';

/** The layer entry, failing the test when the catalogue lacks it. */
export function layer(name: string): LayerView {
  const view = lookupLayer(name);
  if (!view) throw new Error(`no layer ${name} in the catalogue`);
  return view;
}

/** Parameters as the checker resolves them: the given ones, then every default, then dependent defaults. */
export function resolve(name: string, given: Record<string, IrValue>): Record<string, IrValue> {
  const view = layer(name);
  const params: Record<string, IrValue> = {};
  for (const param of view.params) {
    if (param.name in given) params[param.name] = given[param.name];
    else if (param.default !== undefined) params[param.name] = param.default;
  }
  return view.completeParams ? view.completeParams(params) : params;
}

/** Output shape and counts of a layer through the catalogue. */
export function run(name: string, input: (number | null)[], given: object = {}): { result: ShapeResult; counts: { trainable: number; nonTrainable: number } } {
  const view = layer(name);
  // A copy, so tables written `as const` (readonly lists) can be passed as they are.
  const params = resolve(name, structuredClone(given) as Record<string, IrValue>);
  const result = view.outputShape(input, params);
  const output = 'shape' in result ? result.shape : input;
  return { result, counts: view.countParams(input, params, output) };
}
