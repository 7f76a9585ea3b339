import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileStudy, compileTraining, hasStudy, PLAYGROUND_SPEC_NAME, playgroundRunOptions } from '../../playground/src/training/compile-spec.js';
import { RunControl } from '../../playground/src/training/run-control.js';
import { repoRoot } from '../support/repo-root.js';
import { moonsSpec } from './helpers.js';

const studySpec = readFileSync(path.join(repoRoot, 'specs/dropout-study.nn'), 'utf8');

describe("the worker's front end", () => {
  it('passes runTraining the options of `nnspec train SPEC [--seed S]`: wasm, one thread, the seed only when given', () => {
    expect(playgroundRunOptions('text', undefined)).toEqual({ baseDir: '.', specName: PLAYGROUND_SPEC_NAME, specText: 'text', backend: 'wasm', threads: 1 });
    expect(playgroundRunOptions('text', 0)).toEqual({ baseDir: '.', specName: 'playground.nn', specText: 'text', backend: 'wasm', threads: 1, seed: 0 });
  });

  it('trains the first model with a train declaration, as nnspec train does', () => {
    const text = `${moonsSpec()}\nmodel other {\n  input(shape: [2])\n  dense(2, activation: softmax)\n}\ntrain other on moons {\n  loss: sparse_categorical_crossentropy\n  optimizer: sgd(learning_rate: 0.1)\n  epochs: 1\n}\n`;
    const compiled = compileTraining(text);
    expect('document' in compiled && compiled.document.model.name).toBe('net');
  });

  it("lowers a spec's study, and says when there is none", () => {
    const compiled = compileStudy(studySpec);
    expect('plan' in compiled && compiled.plan.settings.map((setting) => setting.label)).toEqual(['rate = 0', 'rate = 0.2', 'rate = 0.5']);
    expect(compileStudy(moonsSpec())).toEqual({
      problems: [{ code: 'usage', severity: 'error', line: 1, column: 1, message: 'the spec has no `study`: add one to compare settings over seeds' }],
    });
    expect([hasStudy(studySpec), hasStudy(moonsSpec()), hasStudy(`${studySpec}\nmodel {`)]).toEqual([true, false, false]);
  });
});

describe('RunControl', () => {
  it('holds a waiting run while paused, until resumed', async () => {
    const control = new RunControl();
    await control.waitWhilePaused();
    control.pause();
    let released = false;
    const waiting = control.waitWhilePaused().then(() => {
      released = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(released).toBe(false);
    control.resume();
    await waiting;
    expect([released, control.paused, control.shouldStop()]).toEqual([true, false, false]);
  });

  it('lets a paused run go on to stop', async () => {
    const control = new RunControl();
    control.pause();
    const waiting = control.waitWhilePaused();
    control.stop();
    await waiting;
    expect([control.paused, control.shouldStop()]).toEqual([false, true]);
  });
});
