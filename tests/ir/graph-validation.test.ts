import { describe, expect, it } from 'vitest';
import { defaultCatalogueView } from '../../src/catalogue/catalogue.js';
import type { LayerView } from '../../src/catalogue/types.js';
import type { IrDocument, IrNode } from '../../src/ir/index.js';
import { validateIr } from '../../src/ir/index.js';
import { lower } from '../../src/lower/index.js';
import { checkSource } from '../../src/check/index.js';

const SPEC = `model m {
  input(shape: [4])
  dense(8, activation: relu)
  dropout(0.5)
  dense(3, activation: softmax)
}
`;

function lowered(): IrDocument {
  const checked = checkSource(SPEC);
  const [document] = lower(checked.value).value;
  if (!document) throw new Error('nothing lowered');
  return structuredClone(document);
}

const messages = (json: unknown, options = {}): string[] => validateIr(json, options).diagnostics.map((d) => `${d.code} ${d.message}`);

describe('validateIr: parameters', () => {
  it("names the path of an out-of-range parameter in the checker's words", () => {
    const document = lowered();
    document.model.nodes[2]!.params.rate = 1.5;
    expect(messages(document)).toEqual(['NN4401 model.nodes[2].params.rate: must be at least 0 and below 1, got 1.5']);
  });
});

describe('validateIr: the graph', () => {
  it('accepts a lowered chain', () => {
    expect(messages(lowered())).toEqual([]);
  });

  it('refuses duplicate names, a later or missing input, and an output that names no node', () => {
    const document = lowered();
    document.model.nodes[3]!.name = 'dense_1';
    document.model.nodes[1]!.inputs = ['dropout_1'];
    document.model.output = 'dense_9';
    expect(messages(document)).toEqual([
      'NN4401 model.nodes[1].inputs[0]: `dropout_1` is not an earlier node (nodes are in topological order)',
      'NN4401 model.nodes[3].name: the name `dense_1` is taken by an earlier node',
      'NN4401 model.output: no node `dense_9`',
    ]);
  });

  it('needs the input node first and only there, reading nothing', () => {
    const document = lowered();
    const [input, ...rest] = document.model.nodes;
    document.model.nodes = [...rest, { ...input!, name: 'input_2', inputs: ['dense_2'], inputShapes: [[3]] }];
    expect(messages(document)).toEqual([
      'NN4401 model.nodes[0].type: the first node must be the `input` node, got `dense`',
      'NN4401 model.nodes[0].inputs[0]: no node `input_1`',
      'NN4401 model.nodes[3].type: only the first node may be an `input` node (a model has one input)',
      'NN4401 model.nodes[3].inputs: the `input` node reads nothing, got 1 inputs',
    ]);
  });

  it('needs one shape per input, and one input for a layer that is not a merge', () => {
    const document = lowered();
    document.model.nodes[2]!.inputShapes = [];
    document.model.nodes[3]!.inputs = ['dense_1', 'dropout_1'];
    document.model.nodes[3]!.inputShapes = [[8], [8]];
    expect(messages(document)).toEqual([
      'NN4401 model.nodes[2].inputShapes: 0 shapes for 1 inputs (one shape per input)',
      'NN4401 model.nodes[3].inputs: `dense` reads exactly 1 input, got 2',
    ]);
  });

  it('gives a merge at least its MergeRule.minInputs, at most its maxInputs', () => {
    // A catalogue with a merge layer of its own, so this holds whichever merges the default one has.
    const catalogue = defaultCatalogueView();
    const merge: LayerView = {
      ...catalogue.layer('dropout')!,
      name: 'pair_sum',
      params: [],
      merge: { minInputs: 2, maxInputs: 2, outputShape: (inputs) => ({ shape: [...inputs[0]!] }) },
    };
    const custom = {
      ...catalogue,
      layerNames: [...catalogue.layerNames, 'pair_sum'],
      layer: (name: string) => (name === 'pair_sum' ? merge : catalogue.layer(name)),
    };
    const document = lowered();
    const node = (inputs: string[]): IrNode => ({
      name: 's',
      type: 'pair_sum',
      params: {},
      inputs,
      inputShapes: inputs.map(() => [8]),
      outputShape: [8],
      trainableParams: 0,
      nonTrainableParams: 0,
    });
    document.model.nodes.splice(3, 0, node(['dense_1']));
    expect(messages(document, { catalogue: custom })).toEqual(['NN4401 model.nodes[3].inputs: `pair_sum` merges at least 2 inputs, got 1']);
    document.model.nodes[3] = node(['dense_1', 'dropout_1', 'input_1']);
    expect(messages(document, { catalogue: custom })).toEqual(['NN4401 model.nodes[3].inputs: `pair_sum` merges at most 2 inputs, got 3']);
    document.model.nodes[3] = node(['dense_1', 'dropout_1']);
    expect(messages(document, { catalogue: custom })).toEqual([]);
    // The default catalogue has no `pair_sum`.
    expect(messages(document)).toEqual(['NN4401 model.nodes[3].type: unknown layer type `pair_sum`']);
  });
});

describe('validateIr: older versions', () => {
  it('says what changed since version 2 and 1, and to compile again', () => {
    for (const version of [1, 2]) {
      const result = validateIr({ ...lowered(), version });
      expect(result.diagnostics).toHaveLength(1);
      expect(result.diagnostics[0]).toMatchObject({ code: 'NN4402', help: 'compile the spec again with this nnspec (`nnspec compile`)' });
      expect(result.diagnostics[0]!.message).toContain(`IR version ${version} is older than the version this nnspec reads (3)`);
      expect(result.diagnostics[0]!.message).toContain('`model.layers` became `model.nodes`');
    }
  });
});
