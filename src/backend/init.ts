/**
 * Starting a TF.js backend once per process. The wasm backend loads its .wasm binaries from the
 * installed `@tensorflow/tfjs-backend-wasm` package (Node) or from a URL the caller gives
 * (browser): never from a CDN.
 *
 * The wasm package is imported here, when a backend is started, and nowhere on the paths that
 * importing `nnspec/train` or `nnspec/node` runs: importing it registers `wasm` as TF.js's
 * preferred backend, whose start is asynchronous, so a user's own synchronous TF.js call after
 * the import (`tf.sequential`, `tf.loadLayersModel`) would throw "backend 'wasm' has not yet been
 * initialized". Importing nnspec therefore leaves TF.js's backend alone; {@link initBackend} is
 * what switches it, and it awaits the switch.
 */
import * as tf from '@tensorflow/tfjs';
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

const isNode = () => typeof process !== 'undefined' && typeof process.versions?.node === 'string';

async function defaultWasmPaths(): Promise<string | undefined> {
  if (!isNode()) return undefined;
  const { wasmDistFolder } = await import('./wasm-paths-node.js');
  return wasmDistFolder();
}

/**
 * Makes `name` TF.js's active backend (idempotent) and registers the kernels nnspec adds to
 * wasm. Returns what is in use.
 */
export async function initBackend(name: BackendName = 'wasm', options: InitBackendOptions = {}): Promise<BackendInfo> {
  // The wasm package first, as a static import would have it: it registers its kernels on import,
  // and nnspec's own kernels are then added beside (and over) them.
  const wasmPackage = name === 'wasm' ? await import('@tensorflow/tfjs-backend-wasm') : undefined;
  // Before any nnspec kernel compiles: Node 20 keeps relaxed SIMD (the fused step's FMA) behind a flag.
  if (isNode()) (await import('./relaxed-simd-node.js')).enableRelaxedSimd();
  registerMissingWasmKernels();
  // Production mode skips TF.js's debug checks and its console advice (on cpu in Node it
  // recommends tfjs-node, which nnspec deliberately does not use).
  tf.enableProdMode();
  if (wasmPackage && !wasmPathsSet) {
    const paths = options.wasmPaths ?? (await defaultWasmPaths());
    if (paths !== undefined) wasmPackage.setWasmPaths(paths);
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
