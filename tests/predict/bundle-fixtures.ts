/** Small bundles for the predict tests: a spec written to a temporary folder, trained with `--save`, loaded back. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { runNnspec } from '../cli/run-cli.js';
import { readBundleFolder } from '../../src/bundle/read-bundle-node.js';
import type { LoadedBundle } from '../../src/bundle/loaded-bundle.js';

/** A temporary folder for one test file. */
export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'nnspec-predict-'));
}

/** Writes `spec` as `NAME.nn` in `dir` (with any data files), trains it with `--save`, and loads the bundle. */
export async function trainBundle(
  dir: string,
  name: string,
  spec: string,
  files: Record<string, string | Uint8Array> = {},
): Promise<{ bundle: LoadedBundle; folder: string }> {
  for (const [file, content] of Object.entries(files)) writeFileSync(path.join(dir, file), content);
  writeFileSync(path.join(dir, `${name}.nn`), spec);
  const folder = path.join(dir, name);
  const run = await runNnspec(['train', `${name}.nn`, '--save', name, '--quiet'], { cwd: dir });
  expect(run.stderr).not.toContain('error[');
  expect(run.code).toBe(0);
  const loaded = await readBundleFolder(folder);
  expect(loaded.diagnostics).toEqual([]);
  return { bundle: loaded.value!, folder };
}

/** A spec of 2-D points (`synthetic.moons`) with the given model body. */
export function moonsSpec(body: string, seed = 3): string {
  return `data moons {
  source: synthetic.moons(samples: 120, noise: 0.1)
  normalize: standard
  split: { train: 0.7, validation: 0.15, test: 0.15 }
}
model net {
  input(shape: [2])
${body}
}
train net on moons {
  loss: categorical_crossentropy
  metrics: [accuracy]
  optimizer: adam(learning_rate: 0.01)
  epochs: 3
  batch_size: 32
  seed: ${seed}
}
`;
}
