import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { registerMissingWasmKernels } from '../../../src/backend/kernels/index.js';
import { useConvFusedMultiplyAdd } from '../../../src/backend/kernels/wasm-conv.js';

let ready = false;

/** Initialises wasm from the installed package (no network) plus cpu, and registers nnspec's kernels. */
export async function initBackends(): Promise<void> {
  if (ready) return;
  registerMissingWasmKernels();
  const require = createRequire(import.meta.url);
  setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}/dist/`);
  await tf.setBackend('wasm');
  await tf.ready();
  await tf.setBackend('cpu');
  await tf.ready();
  ready = true;
}

/** Seeded uniform values in [-1, 1): identical on every backend because they are made in JS. */
export function seededValues(size: number, seed: number): Float32Array {
  let s = (seed * 2654435761) >>> 0;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2147483648 - 1;
  }
  return out;
}

/**
 * Runs `compute` on cpu and on wasm with the same inputs and returns both results as flat arrays
 * with their shapes; tensors made inside are disposed.
 */
export async function onBoth(
  compute: () => tf.Tensor,
): Promise<{ cpu: { shape: number[]; values: Float32Array }; wasm: { shape: number[]; values: Float32Array } }> {
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    const t = tf.tidy(compute);
    const values = new Float32Array(await t.data());
    const shape = t.shape.slice();
    t.dispose();
    return { shape, values };
  };
  const cpu = await run('cpu');
  const wasm = await run('wasm');
  return { cpu, wasm };
}

/** Largest absolute difference between two equally long arrays. */
export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

/** The wasm backend's own WebAssembly.Memory (sets the backend to wasm first), which nnspec's SIMD kernels import. */
export async function wasmBackendMemory(): Promise<WebAssembly.Memory> {
  await tf.setBackend('wasm');
  return (tf.backend() as unknown as { wasm: { asm: { memory: WebAssembly.Memory } } }).wasm.asm.memory;
}

/**
 * The conv kernels' two builds (wasm/conv.c): relaxed SIMD, with fused multiply-adds where the
 * processor has FMA, and plain. A `describe.each` over them picks its build with {@link onConvBuild}.
 */
export const CONV_BUILDS = [
  { name: 'relaxed build', fusedMultiplyAdd: true },
  { name: 'plain build', fusedMultiplyAdd: false },
];

/** The enclosing suite's tests run on the conv kernels' relaxed (true) or plain build; the relaxed one, the default, is back after them. */
export function onConvBuild(fusedMultiplyAdd: boolean): void {
  beforeAll(() => {
    useConvFusedMultiplyAdd(fusedMultiplyAdd);
  });
  afterAll(() => {
    useConvFusedMultiplyAdd(true);
  });
}
