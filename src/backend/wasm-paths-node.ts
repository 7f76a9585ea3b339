/** Where the installed tfjs-backend-wasm keeps its .wasm files. Node-only. */
import { createRequire } from 'node:module';
import path from 'node:path';

/** The package's `dist/` folder, with a trailing separator as setWasmPaths expects. */
export function wasmDistFolder(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
}
