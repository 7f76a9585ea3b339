// Issue 12 (editor): hover shapes of output names, blocks and merges (from the checker's graph
// nodes, as src/check/program.ts specifies them), completion of names in scope and of blocks,
// signature help for block uses, semantic tokens and the outline of blocks.
import { describe, expect, it } from 'vitest';
import type { CheckedLayer, Shape } from '../../src/check/program.js';
import { defaultCatalogueView } from '../../src/catalogue/catalogue.js';
import type { CatalogueView, LayerView } from '../../src/catalogue/types.js';
import type { LayerNode, ModelItem } from '../../src/syntax/ast.js';
import { completeAt, wordOffset } from './graph-helpers.js';
import { analyzeDocument, type DocumentAnalysis } from '../../src/lsp/analysis/document.js';
import { hoverAt } from '../../src/lsp/analysis/hover.js';
import { completionsFor } from '../../src/lsp/analysis/completion.js';
import { contextAt } from '../../src/lsp/analysis/context.js';
import { signatureHelpAt } from '../../src/lsp/analysis/signature-help.js';
import { classifyTokens, graphNameTypes, paramOffsets } from '../../src/lsp/analysis/semantic-tokens.js';
import { outline } from '../../src/lsp/analysis/outline.js';

const SPEC = `block conv_block(filters, rate = 0.1) {
  c = conv2d(filters, 3, padding: same)
  dropout(rate)
}

model m {
  input(shape: [8, 8, 1])
  a = conv_block(16)
  b = conv_block(8, rate: 0.2)
  h = dense(128)
  add(h)
}
`;

/** Every layer node of a declaration's body, in source order. */
function layerNodes(items: readonly ModelItem[]): LayerNode[] {
  return items.flatMap((item) => (item.kind === 'layer' ? [item] : item.kind === 'repeat' ? layerNodes(item.body) : []));
}

const offsetOf = (word: string, nth = 0, text = SPEC): number => wordOffset(text, word, nth);

/**
 * The document with the checker's graph as the contract gives it: labelled nodes at their
 * layer's range, block layers with `blockUses`, a merge with its inputs and their shapes.
 */
function withGraph(): DocumentAnalysis {
  const analysis = analyzeDocument(SPEC);
  const [block, model] = analysis.spec.declarations;
  const [conv, dropout] = layerNodes(block!.kind === 'block' ? block.items : []);
  const [input, useA, useB, dense, add] = layerNodes(model!.kind === 'model' ? model.items : []);
  const node = (name: string, type: string, range: LayerNode, outputShape: Shape, extra: Partial<CheckedLayer> = {}): CheckedLayer => ({
    name,
    type,
    params: {},
    inputs: [],
    outputShape,
    trainableParams: 0,
    nonTrainableParams: 0,
    range: range.range,
    paramRanges: {},
    ...extra,
  });
  const use = (scope: string, at: LayerNode) => ({ blockUses: [{ block: 'conv_block', scope, range: at.range }] });
  analysis.program.models[0]!.layers = [
    node('input_1', 'input', input!, [8, 8, 1]),
    node('a.c', 'conv2d', conv!, [8, 8, 16], { label: 'c', inputs: ['input_1'], ...use('a', useA!) }),
    node('a.dropout_1', 'dropout', dropout!, [8, 8, 16], { inputs: ['a.c'], ...use('a', useA!) }),
    node('b.c', 'conv2d', conv!, [8, 8, 8], { label: 'c', inputs: ['a.dropout_1'], ...use('b', useB!) }),
    node('b.dropout_1', 'dropout', dropout!, [8, 8, 8], { inputs: ['b.c'], ...use('b', useB!) }),
    node('h', 'dense', dense!, [128], { label: 'h', inputs: ['b.dropout_1'] }),
    node('add_1', 'add', add!, [128], { inputs: ['h', 'h'], inputShapes: [[128], [128]] }),
  ];
  return analysis;
}

describe('hover', () => {
  const analysis = withGraph();

  it('at an output name (its binding or a use): its shape and the layer it is the output of', () => {
    expect(hoverAt(analysis, offsetOf('h', 0))?.markdown).toBe('`h`: [128], output of `dense`');
    expect(hoverAt(analysis, offsetOf('h', 1))?.markdown).toBe('`h`: [128], output of `dense`');
  });

  it('inside a block body: one shape per use', () => {
    expect(hoverAt(analysis, offsetOf('c'))?.markdown).toBe('`c`: output of `conv2d`\n- [8, 8, 16] in the use at line 8\n- [8, 8, 8] in the use at line 9');
  });

  it('at a block use: the block params and the use output shape', () => {
    expect(hoverAt(analysis, offsetOf('conv_block', 2))?.markdown).toBe('```\nblock conv_block(filters, rate = 0.1)\n```\n\noutput [8, 8, 8]');
    expect(hoverAt(analysis, offsetOf('a'))?.markdown).toBe('`a`: [8, 8, 16], output of block `conv_block`');
  });

  it('at a block declaration: its params and the output of every use', () => {
    expect(hoverAt(analysis, offsetOf('conv_block', 0))?.markdown).toBe(
      '```\nblock conv_block(filters, rate = 0.1)\n```\n\noutput:\n- [8, 8, 16] in the use at line 8\n- [8, 8, 8] in the use at line 9',
    );
  });

  it('at a block param: its block and default', () => {
    expect(hoverAt(analysis, offsetOf('rate', 1))?.markdown).toBe(
      '`rate`: param of block `conv_block`, default 0.1\n\n`block conv_block(filters, rate = 0.1)`',
    );
    expect(hoverAt(analysis, offsetOf('filters', 1))?.markdown).toMatch(/^`filters`: param of block `conv_block`, required/);
  });

  it('at a merge: each input shape', () => {
    const markdown = hoverAt(analysis, offsetOf('add') + 1)?.markdown ?? '';
    expect(markdown).toContain('inputs:\n- `h`: [128]\n- `h`: [128]');
  });

  it('without the checker graph (an error upstream): says the shape is not known', () => {
    expect(hoverAt(analyzeDocument('model m {\n  h = dense(4)\n}\n'), 12)?.markdown).toBe(
      '`h`: shape not known (the model has errors, or the block is not used), output of `dense`',
    );
  });
});

/** The default catalogue with `add` and `concatenate` as merges (the checker helper adds them to the catalogue itself). */
function withMerges(): CatalogueView {
  const view = defaultCatalogueView();
  const merge = (name: string): LayerView => ({
    ...(view.layer(name) ?? view.layer('flatten')!),
    name,
    merge: { minInputs: 2, outputShape: (inputs) => ({ shape: inputs[0]! }) as never },
  });
  return { ...view, layer: (name) => (name === 'add' || name === 'concatenate' ? merge(name) : view.layer(name)) };
}

describe('completion', () => {
  const complete = (marked: string): string[] => completeAt(marked, withMerges());
  const MODEL = 'model m {\n  input(shape: [4])\n  a = dense(4)\n  repeat 2 {\n    r = dense(4)\n  }\n  b = dense(4)\n  BODY\n  z = dense(4)\n}\n';

  it('a merge first argument: the names defined before the cursor in scope', () => {
    expect(complete(MODEL.replace('BODY', 'add(|)'))).toEqual(['a', 'b']);
    expect(complete(MODEL.replace('BODY', 'add(|)'))).not.toContain('z');
    expect(complete(MODEL.replace('BODY', 'add(|)'))).not.toContain('r');
  });

  it('a merge later argument: the names, then its own parameters', () => {
    const labels = complete(MODEL.replace('BODY', 'concatenate(a, |)'));
    expect(labels.slice(0, 2)).toEqual(['a', 'b']);
  });

  it('after `from`: the output names before the cursor', () => {
    expect(complete(MODEL.replace('BODY', 'from |'))).toEqual(['a', 'b']);
  });

  it('in a repeat body: its own names, then the outer ones', () => {
    expect(complete('model m {\n  a = dense(4)\n  repeat 2 {\n    r = dense(4)\n    add(|)\n  }\n}\n').slice(0, 2)).toEqual(['r', 'a']);
  });

  it('in layer position: the blocks beside the layers, with a snippet of their required params', () => {
    const text = 'block conv_block(filters, rate = 0.1) {\n  conv2d(filters, 3)\n}\nmodel m {\n  |\n}\n';
    const offset = text.indexOf('|');
    const analysis = analyzeDocument(text.replace('|', ''));
    const entries = completionsFor(contextAt(analysis.tokens(), offset), analysis.symbols, [], defaultCatalogueView(), [], { graph: analysis.graph, offset });
    const block = entries.find((entry) => entry.label === 'conv_block')!;
    expect(block).toMatchObject({
      kind: 'layer',
      detail: 'block conv_block(filters, rate = ...)',
      insertText: 'conv_block(${1:filters})$0',
      snippet: true,
      plainText: 'conv_block(filters)',
    });
    expect(entries.map((entry) => entry.label)).toEqual(expect.arrayContaining(['dense', 'repeat', 'from']));
  });

  it('inside a block body: its params as values, in layer arguments and after a key', () => {
    expect(complete('block b(width, keep = 0.5) {\n  dense(|)\n}\n')).toEqual(expect.arrayContaining(['width', 'keep']));
    expect(complete('block b(width, keep = 0.5) {\n  dropout(rate: |)\n}\n')).toEqual(['width', 'keep']);
    expect(complete('block b(width) {\n  repeat 2 {\n    dense(|)\n  }\n}\n')).toContain('width');
    expect(complete('block b(width) {\n  |\n}\n')).toContain('dense');
    expect(complete('model m {\n  dense(|)\n}\nblock b(width) {\n  dense(2)\n}\n')).not.toContain('width');
  });

  it("at a block use: the block's params not given yet, as keys", () => {
    expect(complete('block b(units, rate = 0.5) {\n  dense(units)\n}\nmodel m {\n  b(4, |)\n}\n')).toContain('rate');
    expect(complete('block b(units, rate = 0.5) {\n  dense(units)\n}\nmodel m {\n  b(4, |)\n}\n')).not.toContain('units');
  });

  it("in a block's parameter list: nothing", () => {
    expect(complete('param p = 1\nblock b(units, rate = |) {\n}\n')).toEqual([]);
  });
});

describe('signature help for block uses', () => {
  const TEXT = 'block conv_block(filters, rate = 0.1) {\n  conv2d(filters, 3)\n}\nmodel m {\n  conv_block(16, |)\n}\n';
  const help = (marked: string) => {
    const offset = marked.indexOf('|');
    const text = marked.replace('|', '');
    const analysis = analyzeDocument(text);
    const blocks = analysis.spec.declarations.flatMap((declaration) => (declaration.kind === 'block' ? [declaration] : []));
    return signatureHelpAt(analysis.tokens(), offset, defaultCatalogueView(), blocks, text);
  };

  it('the signature with defaults as written and the parameter at the cursor', () => {
    const info = help(TEXT)!;
    expect(info.label).toBe('conv_block(filters, rate = 0.1)');
    expect(info.parameters.map((parameter) => info.label.slice(...parameter.label))).toEqual(['filters', 'rate = 0.1']);
    expect(info.activeParameter).toBe(1);
    expect(help(TEXT.replace('conv_block(16, |)', 'conv_block(|)'))!.activeParameter).toBe(0);
    expect(help(TEXT.replace('conv_block(16, |)', 'conv_block(rate: |)'))!.activeParameter).toBe(1);
  });
});

describe('semantic tokens and outline', () => {
  it('output names are variables, blocks functions, block params parameters (a named argument stays a property)', () => {
    const analysis = analyzeDocument(SPEC);
    const tokens = classifyTokens(analysis.tokens(), SPEC, paramOffsets(analysis.symbols), graphNameTypes(analysis.symbols));
    const typeAt = (offset: number): string | undefined => {
      const lines = SPEC.slice(0, offset).split('\n');
      return tokens.find((token) => token.line === lines.length - 1 && token.character === lines[lines.length - 1]!.length)?.type;
    };
    expect(typeAt(offsetOf('h', 0))).toBe('variable');
    expect(typeAt(offsetOf('h', 1))).toBe('variable');
    expect(typeAt(offsetOf('conv_block', 0))).toBe('function');
    expect(typeAt(offsetOf('filters', 0))).toBe('parameter');
    expect(typeAt(offsetOf('rate', 1))).toBe('parameter');
    expect(typeAt(offsetOf('rate', 2))).toBe('property');
    expect(typeAt(offsetOf('block'))).toBe('keyword');
  });

  it('the outline shows blocks with their params and items', () => {
    const symbols = outline(
      analyzeDocument('block conv_block(filters, rate = 0.1) {\n  c = conv2d(filters, 3)\n  repeat 2 {\n    dropout(rate)\n  }\n  from c\n}\n').spec,
    );
    expect(symbols).toHaveLength(1);
    expect(symbols[0]).toMatchObject({ name: 'conv_block', detail: 'block(filters, rate)', kind: 'block', selectionRange: { start: { line: 1, column: 7 } } });
    const children = symbols[0]!.children;
    expect(children.map((child) => [child.kind, child.name])).toEqual([
      ['layer', 'c = conv2d'],
      ['repeat', 'repeat 2'],
      ['from', 'from c'],
    ]);
    expect(children[1]!.children.map((child) => child.name)).toEqual(['dropout']);
  });
});
