/** Writing ONNX files: a bundle folder in, an `.onnx` file out, atomically. Node-only. */
import type { StageResult } from '../diagnostics/diagnostic.js';
import { readBundleFolder } from '../bundle/read-bundle-node.js';
import { exportBundleOnnx } from '../onnx/export-bundle.js';
import { writeFileAtomic } from '../util/atomic-write.js';

/**
 * Reads the bundle in folder `dir` (what `nnspec train --save` wrote), exports it as ONNX and
 * writes `target` atomically (the old file, if any, stays whole until the new one is complete).
 * True when written; a bad bundle (NN5001-NN5004) or a model ONNX cannot express (NN5201,
 * NN5202) is a diagnostic and writes nothing.
 *
 * @throws the file-system error of the write, naming `target`.
 */
export async function exportBundleFolderOnnx(dir: string, target: string): Promise<StageResult<boolean>> {
  const loaded = await readBundleFolder(dir);
  const bundle = loaded.value;
  if (!bundle) return { value: false, diagnostics: loaded.diagnostics };
  try {
    const exported = exportBundleOnnx(bundle);
    const diagnostics = [...loaded.diagnostics, ...exported.diagnostics];
    if (!exported.value) return { value: false, diagnostics };
    await writeFileAtomic(target, exported.value);
    return { value: true, diagnostics };
  } finally {
    bundle.dispose();
  }
}
