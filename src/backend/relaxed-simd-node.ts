/**
 * Turns on WebAssembly relaxed SIMD in Node versions that ship it behind a flag. Node-only.
 *
 * Why: the fused step's matrix products accumulate with relaxed SIMD's multiply-add, one
 * instruction where the processor has FMA (wasm/dense-step.c). V8 ships it on by default from
 * Node 22 (and Chrome 114); Node 20's V8 has it complete but behind
 * --experimental-wasm-relaxed-simd. V8 reads the flag when it compiles a module, so setting it
 * before the first compile is enough, for this thread and the workers it starts.
 */
import v8 from 'node:v8';

let enabled = false;

/** Sets the flag once (a no-op where the feature is already on). */
export function enableRelaxedSimd(): void {
  if (enabled) return;
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  enabled = true;
}
