import { describe, expect, it } from 'vitest';
import { defaultCatalogueView } from '../../src/catalogue/catalogue.js';
import type { EntryView } from '../../src/catalogue/types.js';
import { callSchemas, formatIrPath, irDocumentSchemaFor, paramsSchema } from '../../src/ir/index.js';
import { completeEntryParams } from '../../src/lower/index.js';

const catalogue = defaultCatalogueView();
const calls = callSchemas(catalogue);

/** Every catalogue default, nested calls completed: what lowering writes for an entry left at its defaults. */
function defaults(entry: EntryView): Record<string, unknown> {
  return completeEntryParams(entry, {}, catalogue);
}

/** The problems of `value` against `schema`, as `path: message`. */
function problems(
  schema: {
    safeParse(
      value: unknown,
      params?: { reportInput?: boolean },
    ): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string; code: string; input?: unknown; keys?: string[] }[] } };
  },
  value: unknown,
): string[] {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) return [];
  return parsed.error!.issues.map((issue) => {
    const path = issue.code === 'unrecognized_keys' && issue.keys?.length === 1 ? [...issue.path, issue.keys[0]!] : issue.path;
    return `${formatIrPath(path)}: ${issue.code === 'invalid_type' && issue.input === undefined ? 'missing' : issue.message}`;
  });
}

/** A required parameter has no default: give it a value its type takes. */
function sample(entry: EntryView): Record<string, unknown> {
  const params = defaults(entry);
  for (const param of entry.params) {
    if (param.name in params) continue;
    switch (param.type.kind) {
      case 'int':
        params[param.name] = Math.max(1, param.min ?? 1);
        break;
      case 'number':
        params[param.name] = 0.5;
        break;
      case 'shape':
        params[param.name] = [4];
        break;
      case 'size':
        params[param.name] = new Array(param.type.rank).fill(2);
        break;
      case 'string':
      case 'name':
        params[param.name] = 'x';
        break;
      case 'enum':
        params[param.name] = param.type.values[0];
        break;
      case 'boolean':
        params[param.name] = true;
        break;
      default:
        throw new Error(`no sample for ${entry.name}.${param.name}`);
    }
  }
  return params;
}

describe('every catalogue entry: its defaults validate', () => {
  const kinds: [string, readonly string[], (name: string) => EntryView | undefined][] = [
    ['layer', catalogue.layerNames, (name) => catalogue.layer(name)],
    ['optimizer', catalogue.optimizerNames, (name) => catalogue.optimizer(name)],
    ['schedule', catalogue.scheduleNames, (name) => catalogue.schedule(name)],
    ['loss', catalogue.lossNames, (name) => catalogue.loss(name)],
    ['initializer', catalogue.initializerNames, (name) => catalogue.initializer(name)],
    ['regularizer', catalogue.regularizerNames, (name) => catalogue.regularizer(name)],
    ['stopping rule', catalogue.stoppingRuleNames, (name) => catalogue.stoppingRule(name)],
    ['metric', catalogue.metricNames, (name) => catalogue.metric(name)],
  ];
  for (const [kind, names, lookup] of kinds) {
    it(`${kind} entries`, () => {
      const checked = names.map(lookup).filter((entry): entry is EntryView => entry !== undefined);
      expect(checked.length).toBeGreaterThan(0);
      for (const entry of checked) {
        const layer = catalogue.layer(entry.name);
        const params = kind === 'layer' && layer?.completeParams ? layer.completeParams(sample(entry) as never) : sample(entry);
        expect(problems(paramsSchema(entry, catalogue), params), `${kind} ${entry.name}`).toEqual([]);
      }
    });
  }
});

describe('parameters are refused with their paths', () => {
  const dropout = catalogue.layer('dropout')!;
  const dense = catalogue.layer('dense')!;
  const conv2d = catalogue.layer('conv2d')!;

  it('layers: out of range, wrong type, missing, unknown', () => {
    expect(problems(paramsSchema(dropout, catalogue), { rate: 1.5 })).toEqual(['rate: must be at least 0 and below 1, got 1.5']);
    expect(problems(paramsSchema(dropout, catalogue), { rate: 'high' })).toEqual(['rate: expected a number']);
    expect(problems(paramsSchema(dropout, catalogue), {})).toEqual(['rate: missing']);
    expect(problems(paramsSchema(dropout, catalogue), { rate: 0.2, seed: 3 })).toEqual(['seed: `dropout` has no parameter `seed`']);
    const params = sample(dense);
    expect(problems(paramsSchema(dense, catalogue), { ...params, units: 2.5 })).toEqual(['units: must be a whole number, got 2.5']);
    expect(problems(paramsSchema(dense, catalogue), { ...params, units: 0 })).toEqual(['units: must be at least 1, got 0']);
    expect(problems(paramsSchema(dense, catalogue), { ...params, activation: 'rleu' })[0]).toMatch(
      /^activation: must be one of `linear`, `relu`, .*got "rleu"$/,
    );
    expect(problems(paramsSchema(dense, catalogue), { ...params, use_bias: 1 })).toEqual(['use_bias: expected `true` or `false`']);
  });

  it('sizes are lists of their rank; shapes lists of sizes', () => {
    const params = sample(conv2d);
    expect(problems(paramsSchema(conv2d, catalogue), { ...params, kernel_size: 3 })).toEqual(['kernel_size: expected a list of 2 whole numbers']);
    expect(problems(paramsSchema(conv2d, catalogue), { ...params, kernel_size: [3, 3, 3] })).toEqual(['kernel_size: expected a list of 2 whole numbers']);
    expect(problems(paramsSchema(conv2d, catalogue), { ...params, strides: [1, 0] })).toEqual(['strides[1]: must be at least 1, got 0']);
    expect(problems(paramsSchema(catalogue.layer('input')!, catalogue), { shape: [8, 0] })).toEqual(['shape[1]: must be at least 1, got 0']);
  });

  it('initializers and regularizers are checked against their own catalogue entries', () => {
    const params = sample(dense);
    expect(problems(paramsSchema(dense, catalogue), { ...params, kernel_initializer: { type: 'random_normal', params: { mean: 0, stddev: -1 } } })).toEqual([
      'kernel_initializer.params.stddev: must be at least 0, got -1',
    ]);
    expect(problems(paramsSchema(dense, catalogue), { ...params, kernel_initializer: { type: 'glorot', params: {} } })[0]).toMatch(
      /^kernel_initializer\.type: unknown initializer `glorot` \(the initializers are `zeros`, /,
    );
    expect(problems(paramsSchema(dense, catalogue), { ...params, kernel_initializer: 'zeros' })[0]).toMatch(/^kernel_initializer: /);
    expect(problems(paramsSchema(dense, catalogue), { ...params, kernel_regularizer: { type: 'l2', params: { l2: -0.1 } } })).toEqual([
      'kernel_regularizer.params.l2: must be at least 0, got -0.1',
    ]);
    expect(problems(paramsSchema(dense, catalogue), { ...params, kernel_regularizer: { type: 'l2', params: {} } })).toEqual([
      'kernel_regularizer.params.l2: missing',
    ]);
    expect(problems(paramsSchema(dense, catalogue), { ...params, kernel_regularizer: null })).toEqual([]);
  });

  it('optimizers, schedules, losses and rules', () => {
    const adam = { learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 };
    expect(problems(calls.optimizer, { type: 'adam', params: adam })).toEqual([]);
    expect(problems(calls.optimizer, { type: 'adam', params: { ...adam, learning_rate: 0 } })).toEqual(['params.learning_rate: must be above 0, got 0']);
    expect(problems(calls.optimizer, { type: 'adam', params: { ...adam, momentum: 0.9 } })).toEqual(['params.momentum: `adam` has no parameter `momentum`']);
    expect(problems(calls.optimizer, { type: 'adamw', params: {} })[0]).toMatch(/^type: unknown optimizer `adamw`/);
    // The catalogue's `drop` is in (0, 1]; the runner used to take any positive value.
    expect(problems(calls.schedule, { type: 'step_decay', params: { drop: 1.5, every: 10 } })).toEqual(['params.drop: must be above 0 and at most 1, got 1.5']);
    expect(problems(calls.schedule, { type: 'cosine_decay', params: { epochs: null, min_lr: 0 } })).toEqual([]);
    expect(problems(calls.schedule, { type: 'cosine_decay', params: { epochs: 0, min_lr: 0 } })).toEqual(['params.epochs: must be at least 1, got 0']);
    expect(problems(calls.loss, { type: 'huber', params: { delta: 0 } })).toEqual(['params.delta: must be above 0, got 0']);
    expect(problems(calls.loss, { type: 'huber', params: {} })).toEqual(['params.delta: missing']);
    expect(problems(calls.loss, { type: 'mse', params: {} })[0]).toMatch(/^type: unknown loss `mse`/);
    expect(problems(calls.stoppingRule, { type: 'up', params: { strips: 0, strip: 1 } })).toEqual(['params.strips: must be at least 1, got 0']);
    expect(problems(calls.metricParams, { top_k_accuracy: { k: 0 } })).toEqual(['top_k_accuracy.k: must be at least 1, got 0']);
    expect(problems(calls.metricParams, { accuracy: {} })).toEqual(['accuracy: no metric `accuracy` takes parameters']);
  });

  it('a custom catalogue types its own entries', () => {
    const custom = {
      ...catalogue,
      layerNames: ['input', 'dense'],
      layer: (name: string) => (name === 'input' || name === 'dense' ? catalogue.layer(name) : undefined),
    };
    const schema = irDocumentSchemaFor(custom);
    const document = {
      format: 'nnspec-ir',
      version: 3,
      model: {
        name: 'm',
        inputShape: [4],
        outputShape: [4],
        nodes: [
          { name: 'input_1', type: 'input', params: { shape: [4] }, inputs: [], inputShapes: [], outputShape: [4], trainableParams: 0, nonTrainableParams: 0 },
        ],
        output: 'input_1',
        trainableParams: 0,
        nonTrainableParams: 0,
      },
      training: null,
    };
    expect(problems(schema, document)).toEqual([]);
    const withDropout = structuredClone(document);
    (withDropout.model.nodes as unknown[]).push({
      name: 'd',
      type: 'dropout',
      params: { rate: 0.5 },
      inputs: ['input_1'],
      inputShapes: [[4]],
      outputShape: [4],
      trainableParams: 0,
      nonTrainableParams: 0,
    });
    expect(problems(schema, withDropout)).toEqual(['model.nodes[1].type: unknown layer type `dropout`']);
  });
});
