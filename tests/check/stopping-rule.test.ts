/**
 * `rule:` of `early_stopping`: what the checker accepts and resolves, what it reports
 * (NN4404-NN4408, and the catalogue's ranges), what lowering writes and what IR validation refuses.
 */
import { describe, expect, it } from 'vitest';
import { brief, checkText, withTraining } from './helpers.js';
import { lower } from '../../src/lower/index.js';
import { validateIr } from '../../src/ir/validate.js';

/** An iris spec whose train block (line 9) ends with `early_stopping: BODY` on line 14. */
const spec = (body: string, epochs = 50) =>
  withTraining('  input(shape: [4])\n  dense(3, activation: softmax)', { extra: `  metrics: [accuracy]\n  early_stopping: ${body}` }).replace(
    'epochs: 5',
    `epochs: ${epochs}`,
  );
const ruleOf = (body: string) => checkText(spec(body)).value.trains[0]?.earlyStopping?.rule;
const diagnostics = (body: string, epochs?: number) => checkText(spec(body, epochs)).diagnostics.map(brief);

describe('rule: resolved from the catalogue', () => {
  it('defaults to patience', () => {
    expect(ruleOf('{ monitor: val_loss, patience: 3 }')).toEqual({ type: 'patience', params: {} });
  });

  it("fills each rule's defaults, by name or by position", () => {
    expect(ruleOf('{ monitor: val_loss, rule: gl }')).toEqual({ type: 'gl', params: { alpha: 2 } });
    expect(ruleOf('{ monitor: val_loss, rule: gl(5) }')).toEqual({ type: 'gl', params: { alpha: 5 } });
    expect(ruleOf('{ monitor: val_loss, rule: pq(alpha: 1) }')).toEqual({ type: 'pq', params: { alpha: 1, strip: 5 } });
    expect(ruleOf('{ monitor: val_loss, rule: up }')).toEqual({ type: 'up', params: { strips: 3, strip: 5 } });
    expect(ruleOf('early_stopping(monitor: val_loss, rule: up(2, strip: 4))')).toEqual({ type: 'up', params: { strips: 2, strip: 4 } });
    expect(checkText(spec('{ monitor: val_loss, rule: up(2, strip: 4) }')).diagnostics).toEqual([]);
  });

  it('up works with a maximised monitor', () => {
    const result = checkText(spec('{ monitor: val_accuracy, rule: up(strips: 1, strip: 2) }'));
    expect(result.diagnostics).toEqual([]);
    expect(result.value.trains[0].earlyStopping).toMatchObject({ mode: 'max', rule: { type: 'up', params: { strips: 1, strip: 2 } } });
  });

  it('lowering writes the rule into the IR, which validates', () => {
    const checked = checkText(spec('{ monitor: val_loss, rule: pq(0.7), restore_best_weights: true }'));
    const [document] = lower(checked.value).value;
    expect(document.training?.earlyStopping?.rule).toEqual({ type: 'pq', params: { alpha: 0.7, strip: 5 } });
    expect(validateIr(JSON.parse(JSON.stringify(document))).diagnostics).toEqual([]);
  });
});

describe('rule: reported problems', () => {
  it('NN4404: an unknown rule, with a did-you-mean fix', () => {
    const [diagnostic] = checkText(spec('{ monitor: val_loss, rule: gll(alpha: 2) }')).diagnostics;
    expect(brief(diagnostic)).toBe('NN4404 14:46-14:49 unknown stopping rule `gll`');
    expect(diagnostic.help).toBe('did you mean `gl`?');
    expect(diagnostic.fixes?.[0].edits[0].newText).toBe('gl');
  });

  it('NN4404 without a close name lists the rules', () => {
    const [diagnostic] = checkText(spec('{ monitor: val_loss, rule: plateau }')).diagnostics;
    expect(diagnostic.code).toBe('NN4404');
    expect(diagnostic.help).toBe('the rules are `patience`, `gl`, `pq` and `up` (see docs/training.md)');
  });

  it("a rule's parameters are typed and ranged by the catalogue", () => {
    expect(diagnostics('{ monitor: val_loss, rule: pq(strip: 1) }')).toEqual(['NN2031 14:56-14:57 `strip` must be at least 2, got 1']);
    expect(diagnostics('{ monitor: val_loss, rule: gl(alpha: -1) }')).toEqual(['NN2031 14:56-14:58 `alpha` must be at least 0, got -1']);
    expect(diagnostics('{ monitor: val_loss, rule: up(strips: 1.5) }')).toEqual(['NN2030 14:57-14:60 `strips` must be a whole number, got 1.5']);
    expect(diagnostics('{ monitor: val_loss, rule: up(width: 2) }')).toEqual(['NN2002 14:49-14:54 unknown parameter `width` for `up`']);
    expect(diagnostics('{ monitor: val_loss, rule: 3 }')).toEqual(['NN2030 14:46-14:47 `rule` must name a stopping rule, got 3']);
  });

  it('NN4405: gl and pq refuse a maximised monitor, pointing at the rule and labelling the monitor', () => {
    const [diagnostic] = checkText(spec('{ monitor: val_accuracy, rule: gl }')).diagnostics;
    expect(brief(diagnostic)).toBe(
      'NN4405 14:50-14:52 `gl` needs a monitor that is minimised, like a loss, but `val_accuracy` is better higher, so it is maximised',
    );
    expect(diagnostic.severity).toBe('error');
    expect(diagnostic.labels).toEqual([{ range: expect.objectContaining({ start: expect.objectContaining({ line: 14, column: 30 }) }), message: 'maximised' }]);
    const [forced] = checkText(spec('{ monitor: val_loss, mode: max, rule: pq }')).diagnostics;
    expect(forced.message).toBe('`pq` needs a monitor that is minimised, like a loss, but `val_loss` is maximised (`mode: max`)');
    expect(forced.help).toBe('remove `mode: max`, or use `up(strips, strip)`, which works in either direction, or `patience`');
    expect(checkText(spec('{ monitor: val_accuracy, rule: gl }')).value.trains[0].complete).toBe(false);
  });

  it('NN4406: patience and baseline are ignored by the other rules (a warning at each key)', () => {
    expect(diagnostics('{ monitor: val_loss, patience: 3, baseline: 0.5, rule: up(1, strip: 2) }')).toEqual([
      'NN4406 14:40-14:48 `patience` has no effect with `rule: up`',
      'NN4406 14:53-14:61 `baseline` has no effect with `rule: up`',
    ]);
    expect(diagnostics('early_stopping(monitor: val_loss, rule: gl(alpha: 1), patience: 4)')).toEqual([
      'NN4406 14:73-14:81 `patience` has no effect with `rule: gl`',
    ]);
    expect(diagnostics('{ monitor: val_loss, patience: 3, rule: patience }')).toEqual([]);
  });

  it('NN4407: a rule that cannot stop before the last epoch', () => {
    // up(3, 5): 3 worse strips need 4 strip ends, (3 + 1) · 5 = 20 epochs.
    expect(diagnostics('{ monitor: val_loss, rule: up }', 10)).toEqual([
      'NN4407 14:46-14:48 `up` cannot stop before epoch 20, so training always runs all 10 epochs',
    ]);
    expect(diagnostics('{ monitor: val_loss, rule: up }', 21)).toEqual([]);
    // start_from_epoch comes first: 15 + pq's first strip of 5 = 20.
    expect(diagnostics('{ monitor: val_loss, start_from_epoch: 15, rule: pq }', 20)).toEqual([
      'NN4407 14:68-14:70 `pq` cannot stop before epoch 20 (after 15 epochs of `start_from_epoch`), so training always runs all 20 epochs',
    ]);
    // patience keeps its old behaviour: no warning for a patience longer than the run.
    expect(diagnostics('{ monitor: val_loss, patience: 100 }', 10)).toEqual([]);
  });

  it("NN4408: Prechelt's rules on a training monitor", () => {
    expect(diagnostics('{ monitor: loss, rule: gl }')).toEqual(['NN4408 14:30-14:34 `gl` judges generalization, but `loss` is measured on the training split']);
    expect(diagnostics('{ monitor: loss }')).toEqual([]);
  });
});

describe('validateIr: the rule of a hand-written document', () => {
  const checked = checkText(spec('{ monitor: val_loss, rule: gl, restore_best_weights: true }'));
  const [document] = lower(checked.value).value;
  const withRule = (rule: unknown, mode = 'min') => {
    const copy = JSON.parse(JSON.stringify(document));
    copy.training.earlyStopping.rule = rule;
    copy.training.earlyStopping.mode = mode;
    return validateIr(copy).diagnostics.map((d) => `${d.code} ${d.message}`);
  };

  it('is required', () => {
    const copy = JSON.parse(JSON.stringify(document));
    delete copy.training.earlyStopping.rule;
    expect(validateIr(copy).diagnostics.map((d) => d.message)).toEqual([
      'training.earlyStopping.rule: missing (lowering writes every field and parameter; compile the spec again)',
    ]);
  });

  it('must be a catalogue rule with each of its parameters in range', () => {
    expect(withRule({ type: 'gl', params: { alpha: 2 } })).toEqual([]);
    expect(withRule({ type: 'glx', params: {} })).toEqual([
      'NN4401 training.earlyStopping.rule.type: unknown stopping rule `glx` (the stopping rules are `patience`, `gl`, `pq`, `up`)',
    ]);
    expect(withRule({ type: 'pq', params: { alpha: 0.5 } })).toEqual([
      'NN4401 training.earlyStopping.rule.params.strip: missing (lowering writes every field and parameter; compile the spec again)',
    ]);
    expect(withRule({ type: 'pq', params: { alpha: 0.5, strip: 1 } })).toEqual(['NN4401 training.earlyStopping.rule.params.strip: must be at least 2, got 1']);
    expect(withRule({ type: 'gl', params: { alpha: 2, beta: 1 } })).toEqual(['NN4401 training.earlyStopping.rule.params.beta: `gl` has no parameter `beta`']);
    expect(withRule({ type: 'gl', params: { alpha: 2 } }, 'max')).toEqual([
      'NN4401 training.earlyStopping.rule.type: `gl` needs a minimised monitor (`mode: min`), got `mode: max`',
    ]);
  });
});
