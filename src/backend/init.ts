/**
 * Starting a TF.js backend once per process. The wasm backend loads its .wasm binaries from the
 * installed `@tensorflow/tfjs-backend-wasm` package (Node) or from a URL the caller gives
 * (browser): never from a CDN.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerMissingWasmKernels } from './kernels/index.js';

/** The backends nnspec trains on. */
export type BackendName = 'wasm' | 'cpu';

/** What {@link initBackend} started. */
export interface BackendInfo {
  name: BackendName;
  /** WASM SIMD in use (wasm only). */
  simd: boolean;
  /** WASM threads in use. TF.js turns them off in Node; nnspec's trainer uses worker threads instead. */
  threads: boolean;
}

/** Options for {@link initBackend}. */
export interface InitBackendOptions {
  /**
   * Folder (URL or path ending in `/`) holding tfjs-backend-wasm's `.wasm` files. In Node the
   * installed package's `dist/` is used when left out; a browser page must pass it.
   */
  wasmPaths?: string;
}

let wasmPathsSet = false;

async function defaultWasmPaths(): Promise<string | undefined> {
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  if (!isNode) return undefined;
  const { wasmDistFolder } = await import('./wasm-paths-node.js');
  return wasmDistFolder();
}

/**
 * Makes `name` TF.js's active backend (idempotent) and registers the kernels nnspec adds to
 * wasm. Returns what is in use.
 */
export async function initBackend(name: BackendName = 'wasm', options: InitBackendOptions = {}): Promise<BackendInfo> {
  registerMissingWasmKernels();
  // Production mode skips TF.js's debug checks and its console advice (on cpu in Node it
  // recommends tfjs-node, which nnspec deliberately does not use).
  tf.enableProdMode();
  if (name === 'wasm' && !wasmPathsSet) {
    const paths = options.wasmPaths ?? (await defaultWasmPaths());
    if (paths !== undefined) setWasmPaths(paths);
    wasmPathsSet = true;
  }
  if (tf.getBackend() !== name) {
    const ok = await tf.setBackend(name);
    if (!ok) throw new Error(`nnspec: the ${name} backend failed to initialise`);
  }
  await tf.ready();
  // The wasm package registers its own kernels while starting; add ours once more after it.
  registerMissingWasmKernels();
  const simd = name === 'wasm' && Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const threads = name === 'wasm' && Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  return { name, simd, threads };
}
