/**
 * Saves a failing input where a developer can replay it: one folder per failure with the input
 * as found, as minimized, and `failure.json` (property, stage, message, seed and index).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataInput } from './data-generators.js';
import { dataSpec } from './data-properties.js';
import type { FrontInput } from './front-generators.js';
import type { FoundFailure } from './campaign.js';

function writeInput(folder: string, input: FrontInput | DataInput): string[] {
  mkdirSync(folder, { recursive: true });
  if ('text' in input) {
    writeFileSync(join(folder, 'spec.nn'), input.text);
    return ['spec.nn'];
  }
  writeFileSync(join(folder, 'spec.nn'), dataSpec(input));
  for (const [name, bytes] of Object.entries(input.files)) writeFileSync(join(folder, name), bytes);
  return ['spec.nn', ...Object.keys(input.files)];
}

/** Writes one failure under `out`; the folder written. */
export function saveFailure(out: string, failure: FoundFailure): string {
  const folder = join(out, `${failure.target}-${failure.property}-${failure.stage}-seed${failure.seed}-${failure.index}`);
  const found = writeInput(join(folder, 'found'), failure.input);
  const minimized = failure.minimized ? writeInput(join(folder, 'minimized'), failure.minimized) : [];
  const record = {
    property: failure.property,
    stage: failure.stage,
    message: failure.message,
    stack: failure.stack,
    target: failure.target,
    kind: failure.kind,
    seed: failure.seed,
    index: failure.index,
    replay: `npm run fuzz -- --target ${failure.target} --seed ${failure.seed} --from ${failure.index} --count 1`,
    elapsedMs: Math.round(failure.elapsedMs),
    inputSize: failure.inputSize,
    minimizedSize: failure.minimizedSize,
    // JSON has no Infinity or NaN: the options are written as text so that `Infinity` does not read back as `null`.
    formatOptions:
      'text' in failure.input && failure.input.formatOptions
        ? Object.fromEntries(Object.entries(failure.input.formatOptions).map(([key, value]) => [key, String(value)]))
        : undefined,
    label: 'label' in failure.input ? failure.input.label : undefined,
    minimizedText: failure.minimized && 'text' in failure.minimized && failure.minimized.text.length <= 2000 ? failure.minimized.text : undefined,
    files: { found, minimized },
  };
  writeFileSync(join(folder, 'failure.json'), `${JSON.stringify(record, null, 2)}\n`);
  return folder;
}
