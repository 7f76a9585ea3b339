import { execFileSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import { repoRoot } from '../support/repo-root.js';

const BANNER = 'looks like you are running TensorFlow.js in Node.js';

describe('TF.js\'s "install tfjs-node" banner', () => {
  it('is not printed in the tests, while other TF.js warnings are', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await tf.setBackend('cpu');
      tf.tensor1d([1, 2, 3]).dispose();
      expect(warn.mock.calls.flat().join('\n')).not.toContain(BANNER);
      // A real warning (a deprecation) still comes through: debug mode is not turned off.
      tf.deprecationWarn('something old');
      expect(warn.mock.calls.flat().join('\n')).toContain('something old You can disable deprecation warnings');
    } finally {
      warn.mockRestore();
    }
  });

  it('is not printed by `nnspec train` on cpu, worker threads included', () => {
    // stderr merged into stdout, so that nothing printed on either is missed.
    const merged = execFileSync('/bin/sh', ['-c', 'node bin/nnspec.js train specs/iris.nn --epochs 1 --backend cpu --threads 2 --quiet --no-color 2>&1'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(merged).toContain('stopped     epoch 1 of 1');
    expect(merged).not.toContain(BANNER);
    expect(merged).toContain('2 threads');
  });
});
