/**
 * Runs one data case through what training and `check --data` use to read data: the files are
 * written to a temporary folder, a spec naming them is checked and lowered, then `probeData`
 * (the `check --data` and language-server path, reading heads only) and `loadData` (the
 * trainer's path: read, gunzip, parse, split, normalise) run on it. Properties: no exception,
 * every case ends with a data set or an error diagnostic, ranges inside their document, and
 * terminal output free of raw control characters.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { checkSource, hasErrors, lower, type Diagnostic } from '../src/index.js';
import { loadData } from '../src/train/data/load-data.js';
import { probeData } from '../src/train/data/probe.js';
import { readDataHead } from '../src/train/data/read-head-node.js';
import { resolveDataPath } from '../src/train/data/read-file-node.js';
import type { DataInput } from './data-generators.js';
import { checkRanges, checkRendering, thrown, type PropertyFailure } from './properties.js';

/** The spec a data case is read through: one data block, a small model, a train declaration. */
export function dataSpec(input: DataInput): string {
  const source = input.format === 'csv' ? `csv(path: "data.csv", label: ${JSON.stringify(input.label ?? 'label')})` : 'idx(images: "images", labels: "labels")';
  return `data d {\n  source: ${source}\n  split: { train: 0.6, validation: 0.2, test: 0.2 }\n}\nmodel m {\n  input(shape: [2])\n  dense(3, activation: softmax)\n}\ntrain m on d { loss: categorical_crossentropy, optimizer: adam(), epochs: 1 }\n`;
}

/** Files this large are not decompressed again to check ranges (a bomb would cost what it tests). */
const RANGE_CHECK_MAX_BYTES = 16 * 1024 * 1024;

/** The content a diagnostic's `file` points into, as the renderer reads it, when cheap to get. */
function contentOf(bytes: Uint8Array): Uint8Array | undefined {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    if (bytes.length > 64 * 1024) return undefined;
    try {
      const content = gunzipSync(bytes, { maxOutputLength: RANGE_CHECK_MAX_BYTES });
      return content;
    } catch {
      return undefined;
    }
  }
  return bytes.length <= RANGE_CHECK_MAX_BYTES ? bytes : undefined;
}

/** Ranges of diagnostics in the spec, in a CSV file (its text) or in an IDX file (byte offsets on line 1). */
function checkDataRanges(stage: string, diagnostics: readonly Diagnostic[], specText: string, input: DataInput, dir: string): PropertyFailure | undefined {
  const inSpec = checkRanges(
    stage,
    diagnostics.filter((diagnostic) => diagnostic.file === undefined),
    specText,
  );
  if (inSpec !== undefined) return inSpec;
  for (const [name, bytes] of Object.entries(input.files)) {
    const path = join(dir, name);
    const own = diagnostics.filter((diagnostic) => diagnostic.file === path);
    if (own.length === 0) continue;
    const content = contentOf(bytes);
    if (content === undefined) continue;
    if (input.format === 'csv') {
      const failure = checkRanges(stage, own, new TextDecoder('utf-8').decode(content));
      if (failure !== undefined) return { ...failure, message: `in ${name}: ${failure.message}` };
      continue;
    }
    for (const diagnostic of own) {
      const { start, end } = diagnostic.range;
      if (start.offset < 0 || end.offset > content.length || start.offset > end.offset || start.line !== 1 || start.column !== start.offset + 1) {
        return { property: 'ranges', stage, message: `in ${name} (${content.length} bytes): ${diagnostic.code} at ${JSON.stringify(diagnostic.range)}` };
      }
    }
  }
  return undefined;
}

/** Runs one data case in `dir` (created and removed here); the first failure, or undefined. */
export async function checkDataInput(input: DataInput, dir: string): Promise<PropertyFailure | undefined> {
  mkdirSync(dir, { recursive: true });
  try {
    for (const [name, bytes] of Object.entries(input.files)) writeFileSync(join(dir, name), bytes);
    const specText = dataSpec(input);
    const checked = checkSource(specText);
    const documents = lower(checked.value).value;
    const training = documents[0]?.training;
    if (!training)
      return { property: 'data-outcome', stage: 'check', message: `the data spec does not lower: ${checked.diagnostics.map((d) => d.message).join('; ')}` };

    let probed: Diagnostic[];
    try {
      const probe = await probeData(checked.value, { readHead: readDataHead, resolvePath: (file) => resolveDataPath(file, dir), specText });
      probed = probe.diagnostics;
    } catch (error) {
      return thrown('probe', error);
    }
    const probeRanges = checkDataRanges('probe', probed, specText, input, dir);
    if (probeRanges !== undefined) return probeRanges;

    // The trainer's path, with nothing declared that the files must match: every case should get as far as its bytes allow.
    const data = { ...training.data, featureShape: null, task: null, classes: null };
    let loaded: Awaited<ReturnType<typeof loadData>>;
    try {
      loaded = await loadData(data, { baseDir: dir, seed: 1, specText });
    } catch (error) {
      return thrown('load', error);
    }
    if (loaded.value === undefined && !hasErrors(loaded.diagnostics)) {
      return { property: 'data-outcome', stage: 'load', message: `no data set and no error (${loaded.diagnostics.length} other diagnostics)` };
    }
    if (loaded.value !== undefined && hasErrors(loaded.diagnostics)) {
      return {
        property: 'data-outcome',
        stage: 'load',
        message: `a data set and an error: ${loaded.diagnostics.find((d) => d.severity === 'error')!.message.slice(0, 300)}`,
      };
    }
    if (loaded.value !== undefined) {
      for (const split of ['train', 'validation', 'test'] as const) {
        const dataset = loaded.value[split];
        for (const [what, values] of [
          ['features', dataset.features],
          ['labels', dataset.labels],
        ] as const) {
          const at = values.findIndex((value) => !Number.isFinite(value));
          if (at >= 0)
            return {
              property: 'data-finite',
              stage: 'load',
              message: `the ${split} split's ${what} hold ${values[at]} at index ${at}: non-finite values were accepted`,
            };
        }
      }
    }
    const loadRanges = checkDataRanges('load', loaded.diagnostics, specText, input, dir);
    if (loadRanges !== undefined) return loadRanges;

    const texts = new Map<string, string>();
    if (input.format === 'csv') {
      const content = contentOf(input.files['data.csv']!);
      if (content !== undefined) texts.set(join(dir, 'data.csv'), new TextDecoder('utf-8').decode(content));
    }
    return checkRendering([...probed, ...loaded.diagnostics], specText, (file) => texts.get(file));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
