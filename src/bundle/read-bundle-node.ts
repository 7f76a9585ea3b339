/**
 * Reading a bundle folder (what `nnspec train --save DIR` wrote) from disk. Node-only.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { StageResult } from '../diagnostics/diagnostic.js';
import { BUNDLE_CODE } from '../diagnostics/codes/bundle-codes.js';
import { FILE_START } from '../train/data/data-diagnostic.js';
import { BUNDLE_FILE } from './bundle-schema.js';
import { loadBundle, parseBundleJson } from './load-bundle.js';
import type { LoadedBundle } from './loaded-bundle.js';

const SAVE_HELP = 'give the folder `nnspec train SPEC --save DIR` wrote (it holds nnspec.json, model.json and weights.bin)';

function missing(file: string, message: string): StageResult<undefined> {
  return { value: undefined, diagnostics: [{ code: BUNDLE_CODE.notABundle, severity: 'error', message, range: FILE_START, file, help: SAVE_HELP }] };
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  if (code === 'EISDIR') return 'is a folder, not a file';
  return `cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`;
}

/** Reads and loads the bundle in folder `dir` (see `loadBundle`); a missing folder or file is NN5001. */
export async function readBundleFolder(dir: string): Promise<StageResult<LoadedBundle | undefined>> {
  try {
    if (!(await stat(dir)).isDirectory()) return missing(dir, `${dir} is a file, not a model bundle folder`);
  } catch (error) {
    return missing(dir, `the model bundle folder ${dir} ${reason(error)}`);
  }
  const bundlePath = path.join(dir, BUNDLE_FILE);
  let bundleJson: string;
  try {
    bundleJson = await readFile(bundlePath, 'utf8');
  } catch (error) {
    const older = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return missing(
      bundlePath,
      `${bundlePath} ${reason(error)}${older ? ': this folder is not a model bundle (a folder saved before nnspec wrote bundles has only the TF.js files; train again with `--save`)' : ''}`,
    );
  }
  // The file names come from nnspec.json, so it is checked before they are read.
  const parsed = parseBundleJson(bundleJson, bundlePath);
  if (!parsed.value) return { value: undefined, diagnostics: parsed.diagnostics };
  const files = parsed.value.manifest.files;
  const read = async (name: string): Promise<Buffer | StageResult<undefined>> => {
    // A hand-edited name must not reach outside the folder.
    if (path.basename(name) !== name) return missing(path.join(dir, name), `${BUNDLE_FILE} names the file \`${name}\`, which is not inside the bundle folder`);
    try {
      return await readFile(path.join(dir, name));
    } catch (error) {
      return missing(path.join(dir, name), `${path.join(dir, name)} ${reason(error)}`);
    }
  };
  const modelJson = await read(files.model);
  if (!Buffer.isBuffer(modelJson)) return modelJson;
  const weights = await read(files.weights);
  if (!Buffer.isBuffer(weights)) return weights;
  const buffer = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  return loadBundle({ bundleJson, modelJson: modelJson.toString('utf8'), weights: buffer, origin: dir });
}
