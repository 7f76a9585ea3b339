import { describe, expect, it } from 'vitest';
import { brief, checkText, diagnosticsOf } from './helpers.js';
import { lowerStudy } from '../../src/lower/index.js';
import { studyTrials, trialDocument } from '../../src/ir/study-plan.js';
import { renderStudySize, studySize } from '../../src/check/study-summary.js';

/** The issue's dropout study, with the grid and other study options replaceable. */
function dropoutSpec(study = 'grid: { rate: [0, 0.1, 0.3, 0.5] }\n  seeds: 5', extra = ''): string {
  return `param rate = 0.5
${extra}
data digits {
  source: builtin.digits
  normalize: minmax
  split: { train: 0.6, validation: 0.2, test: 0.2, stratify: true }
  limit: 300
}

model mlp {
  input(shape: [64])
  dense(256, activation: relu)
  dropout(rate)
  dense(256, activation: relu)
  dropout(rate)
  dense(10, activation: softmax)
}

train mlp on digits {
  loss: categorical_crossentropy
  metrics: [accuracy]
  optimizer: adam(learning_rate: 1e-3)
  epochs: 200
  batch_size: 32
  early_stopping: { monitor: val_loss, patience: 20, restore_best_weights: true }
  seed: 1
}

study dropout {
  ${study}
}
`;
}

describe('params', () => {
  it('checks the spec with each param at its default', () => {
    const result = checkText(dropoutSpec());
    expect(result.diagnostics).toEqual([]);
    const dropouts = result.value.models[0]!.layers.filter((layer) => layer.type === 'dropout');
    expect(dropouts.map((layer) => layer.params.rate)).toEqual([0.5, 0.5]);
    expect(result.value.params).toMatchObject([{ name: 'rate', default: 0.5 }]);
  });

  it('reports a bad default at each use, where the param stands', () => {
    const text = dropoutSpec().replace('param rate = 0.5', 'param rate = 2');
    expect(diagnosticsOf(text).filter((line) => line.startsWith('NN2031'))).toEqual([
      'NN2031 13:11-13:15 `rate` must be at least 0 and below 1, got 2',
      'NN2031 15:11-15:15 `rate` must be at least 0 and below 1, got 2',
    ]);
  });

  it('may stand in optimizer arguments, train and data properties', () => {
    const text = dropoutSpec('grid: { lr: [1e-3, 1e-2] }', 'param lr = 0.001\nparam size = 100\nparam epochs = 3')
      .replace('learning_rate: 1e-3', 'learning_rate: lr')
      .replace('limit: 300', 'limit: size')
      .replace('epochs: 200', 'epochs: epochs');
    const result = checkText(text);
    expect(result.diagnostics.map(brief)).toEqual([]);
    expect(result.value.trains[0]).toMatchObject({ epochs: 3, optimizer: { type: 'adam', params: { learning_rate: 0.001 } } });
    expect(result.value.data[0]!.limit).toBe(100);
  });

  it('warns about a param nothing uses', () => {
    expect(diagnosticsOf(dropoutSpec(undefined, 'param units = 64'))).toEqual(['NN2061 2:7-2:12 param `units` is never used']);
  });

  it('refuses a param named like a data block, and a param declared twice', () => {
    const lines = diagnosticsOf(dropoutSpec(undefined, 'param digits = 1\nparam rate = 0.2'));
    expect(lines).toContain('NN2060 2:7-2:13 param `digits` has the name of a model or data block');
    expect(lines).toContain('NN2040 3:7-3:11 param `rate` is declared twice');
  });
});

describe('studies', () => {
  it('lists every grid setting and the paired seeds', () => {
    const result = checkText(dropoutSpec());
    const [study] = result.value.studies;
    expect(study).toMatchObject({ name: 'dropout', model: 'mlp', kind: 'grid', params: ['rate'], seeds: [1, 2, 3, 4, 5], complete: true, prune: null });
    expect(study!.settings.map((setting) => setting.label)).toEqual(['rate = 0', 'rate = 0.1', 'rate = 0.3', 'rate = 0.5']);
    // Each setting is the whole spec checked with its value.
    expect(study!.settings[2]!.program!.models[0]!.layers[2]!.params.rate).toBe(0.3);
  });

  it('prints its size: settings x seeds = trials, epochs and multiply-adds', () => {
    const size = studySize(checkText(dropoutSpec()).value.studies[0]!);
    expect(size).toMatchObject({ settings: 4, seeds: 5, trials: 20, maxEpochs: 200, trainExamples: { min: 300, max: 300 } });
    // 64*256+256 + 256*256+256 + 256*10+10 weights, each used once per example.
    expect(size.macsPerExample).toEqual({ min: 85002, max: 85002 });
    expect(renderStudySize(size).split('\n')[0]).toBe('study dropout: 4 settings x 5 seeds = 20 trials');
  });

  it("reports a grid value outside a use's range at the value, labelled at every use", () => {
    const result = checkText(dropoutSpec('grid: { rate: [0, 1.5] }'));
    expect(result.diagnostics.map(brief)).toEqual(['NN2031 30:21-30:24 `rate` must be at least 0 and below 1, got 1.5']);
    expect(result.diagnostics[0]!.labels?.map((label) => `${label.range.start.line}:${label.range.start.column} ${label.message}`)).toEqual([
      "13:11 used as `dropout`'s rate, which takes a number in [0, 1)",
      "15:11 used as `dropout`'s rate, which takes a number in [0, 1)",
    ]);
    expect(result.value.studies[0]!.complete).toBe(false);
  });

  it('names the setting when a varied value breaks a later layer', () => {
    const text = dropoutSpec('grid: { width: [64, 65] }', 'param width = 64').replace('input(shape: [64])', 'input(shape: [width])');
    const lines = checkText(text).diagnostics;
    expect(lines).toHaveLength(1);
    expect(lines[0]!.message).toMatch(/^with `width = 65`: /);
    expect(lines[0]!.labels?.at(-1)?.message).toBe('study `dropout`, setting `width = 65`');
  });

  it('reports unknown params with a did-you-mean, an empty grid, and a study without a search', () => {
    expect(diagnosticsOf(dropoutSpec('grid: { rat: [0, 0.5] }'))).toEqual(['NN2062 30:11-30:14 unknown param `rat`']);
    expect(checkText(dropoutSpec('grid: { rat: [0, 0.5] }')).diagnostics[0]!.help).toBe('did you mean `rate`?');
    expect(diagnosticsOf(dropoutSpec('grid: { rate: [] }'))).toEqual(['NN2063 30:17-30:19 the grid gives `rate` no values']);
    expect(diagnosticsOf(dropoutSpec('grid: {}'))).toEqual(["NN2063 30:9-30:11 study `dropout`'s `grid` varies no param"]);
    expect(diagnosticsOf(dropoutSpec('seeds: 2'))).toEqual(['NN2064 29:7-29:14 study `dropout` varies nothing']);
  });

  it('refuses a grid of more than 1,000 settings with its true size, without building the combinations', () => {
    const list = `[${Array.from({ length: 100 }, (_, index) => index + 1).join(', ')}]`;
    const names = ['a', 'b', 'c', 'd', 'e'];
    const text = dropoutSpec(`grid: { ${names.map((name) => `${name}: ${list}`).join(', ')} }`, names.map((name) => `param ${name} = 1`).join('\n'));
    const [diagnostic] = checkText(text).diagnostics.filter((d) => d.code === 'NN2067');
    expect(diagnostic!.message).toBe('study `dropout` has 10,000,000,000 settings; at most 1,000 are checked and run');
    expect(diagnostic!.label).toBe('100 x 100 x 100 x 100 x 100 = 10,000,000,000');
  });

  it('checks seeds: a count, or distinct seeds', () => {
    expect(checkText(dropoutSpec('grid: { rate: [0] }\n  seeds: [3, 7, 11]')).value.studies[0]!.seeds).toEqual([3, 7, 11]);
    expect(diagnosticsOf(dropoutSpec('grid: { rate: [0] }\n  seeds: [3, 3]'))).toEqual(['NN2066 31:14-31:15 seed 3 is listed twice']);
    expect(diagnosticsOf(dropoutSpec('grid: { rate: [0] }\n  seeds: 0'))).toEqual(['NN2066 31:10-31:11 `seeds` must be a whole number from 1 to 100, got 0']);
  });

  it('samples random settings from a seeded stream, rounded to 4 significant digits and inside the domain', () => {
    const spec = (seed: number) => dropoutSpec(`random: { rate: uniform(0, 0.5) }\n  trials: 6\n  seed: ${seed}`);
    const labels = (seed: number) => checkText(spec(seed)).value.studies[0]!.settings.map((setting) => setting.values.rate as number);
    const first = labels(0);
    expect(first).toHaveLength(6);
    expect(labels(0)).toEqual(first);
    expect(labels(1)).not.toEqual(first);
    for (const value of first) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(0.5);
      expect(Number(value.toPrecision(4))).toBe(value);
    }
  });

  it('checks the ends of a random domain against each use, and the domain itself', () => {
    expect(diagnosticsOf(dropoutSpec('random: { rate: uniform(0, 2) }\n  trials: 3'))).toEqual([
      'NN2031 30:30-30:31 `rate` must be at least 0 and below 1, got 2',
    ]);
    expect(diagnosticsOf(dropoutSpec('random: { rate: uniform(0.5, 0.1) }\n  trials: 3'))).toEqual([
      'NN2068 30:26-30:36 `uniform` needs low below high, got 0.5 and 0.1',
    ]);
    expect(diagnosticsOf(dropoutSpec('random: { rate: log_unifrm(0.1, 0.5) }\n  trials: 3'))).toEqual([
      'NN2068 30:19-30:29 unknown sampling domain `log_unifrm`',
    ]);
    expect(diagnosticsOf(dropoutSpec('random: { rate: uniform(0, 0.5) }'))).toEqual(['NN2064 30:11-30:36 random study `dropout` needs `trials`']);
  });

  it('reads the pruning rule', () => {
    expect(checkText(dropoutSpec('grid: { rate: [0] }\n  prune: median(after: 10)')).value.studies[0]!.prune).toEqual({ rule: 'median', after: 10 });
    expect(diagnosticsOf(dropoutSpec('grid: { rate: [0] }\n  prune: medain(after: 10)'))).toEqual(['NN2004 31:10-31:16 unknown pruning rule `medain`']);
  });
});

describe('lowering a study', () => {
  it('gives one IR document per setting, with the split seed of the train block', () => {
    const lowered = lowerStudy(checkText(dropoutSpec()).value);
    expect(lowered.diagnostics).toEqual([]);
    const plan = lowered.value!;
    expect(plan.settings.map((setting) => setting.values)).toEqual([{ rate: 0 }, { rate: 0.1 }, { rate: 0.3 }, { rate: 0.5 }]);
    expect(plan.settings[1]!.document.model.nodes[2]!.params.rate).toBe(0.1);
    expect(plan.settings[1]!.document.training).toMatchObject({ seed: 1, splitSeed: 1 });
    const trials = studyTrials(plan);
    expect(trials).toHaveLength(20);
    // Seed-major: every setting with seed 1 first.
    expect(trials.slice(0, 5).map((trial) => trial.id)).toEqual(['s0-seed1', 's1-seed1', 's2-seed1', 's3-seed1', 's0-seed2']);
    expect(trialDocument(plan, trials[7]!).training).toMatchObject({ seed: 2, splitSeed: 1 });
  });

  it('names the study to lower when a file has several, and says which exist', () => {
    const text = `${dropoutSpec()}study again {\n  grid: { rate: [0.2] }\n}\n`;
    expect(lowerStudy(checkText(text).value).diagnostics[0]!.help).toBe('pick one with `--name`: `dropout`, `again`');
    expect(lowerStudy(checkText(text).value, { name: 'again' }).value!.settings).toHaveLength(1);
  });
});
