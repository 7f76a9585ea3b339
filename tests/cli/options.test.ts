import { describe, expect, it } from 'vitest';
import { parseBackendOption, parseEpochsOption, parseSeedOption, parseThreadsOption } from '../../src/cli/options.js';
import { pickTrainingDocument } from '../../src/cli/pick-training.js';
import { CliUsageError } from '../../src/cli/io.js';
import type { IrDocument } from '../../src/ir/schema.js';

describe('command-line option values', () => {
  it('accepts wasm and cpu backends, wasm by default', () => {
    expect(parseBackendOption(undefined)).toBe('wasm');
    expect(parseBackendOption('cpu')).toBe('cpu');
    expect(() => parseBackendOption('webgl')).toThrow('--backend must be `wasm` or `cpu`, not `webgl`');
  });

  it('accepts auto or a whole number of threads', () => {
    expect(parseThreadsOption(undefined)).toBe(1);
    expect(parseThreadsOption('auto')).toBe('auto');
    expect(parseThreadsOption('2')).toBe(2);
    expect(() => parseThreadsOption('1.5')).toThrow(CliUsageError);
    expect(() => parseThreadsOption('0')).toThrow('--threads must be `auto` or a whole number from 1 to 64, not `0`');
  });

  it('accepts a whole number of epochs >= 1', () => {
    expect(parseEpochsOption(undefined)).toBeUndefined();
    expect(parseEpochsOption('12')).toBe(12);
    expect(() => parseEpochsOption('-3')).toThrow('--epochs must be a whole number >= 1, not `-3`');
  });

  it("accepts a whole number as the seed, from the catalogue's minimum 0", () => {
    expect(parseSeedOption(undefined)).toBeUndefined();
    expect(parseSeedOption('0')).toBe(0);
    expect(parseSeedOption('4294967296')).toBe(4294967296);
    for (const bad of ['-1', '1.5', 'abc', '', '1e300']) expect(() => parseSeedOption(bad)).toThrow(`--seed must be a whole number >= 0, not \`${bad}\``);
  });
});

function document(name: string, trained: boolean): IrDocument {
  return {
    format: 'nnspec-ir',
    version: 3,
    model: {
      name,
      inputShape: [2],
      outputShape: [2],
      nodes: [
        { name: 'input_1', type: 'input', params: { shape: [2] }, inputs: [], inputShapes: [], outputShape: [2], trainableParams: 0, nonTrainableParams: 0 },
      ],
      output: 'input_1',
      trainableParams: 0,
      nonTrainableParams: 0,
    },
    training: trained ? ({ epochs: 1 } as IrDocument['training']) : null,
  };
}

describe('choosing the train declaration to run', () => {
  const documents = [document('encoder', false), document('mlp', true), document('wide', true)];

  it('takes the first model that has a train declaration', () => {
    expect(pickTrainingDocument(documents, undefined).model.name).toBe('mlp');
  });

  it('takes the model --model names', () => {
    expect(pickTrainingDocument(documents, 'wide').model.name).toBe('wide');
  });

  it('explains an unknown model, a model without training, and a spec without any', () => {
    expect(() => pickTrainingDocument(documents, 'mpl')).toThrow('--model: no model `mpl` in the spec (models: `encoder`, `mlp`, `wide`)');
    expect(() => pickTrainingDocument(documents, 'encoder')).toThrow('--model: model `encoder` has no `train` declaration');
    expect(() => pickTrainingDocument([document('encoder', false)], undefined)).toThrow('the spec has no `train` declaration');
  });
});
