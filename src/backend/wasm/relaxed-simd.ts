/**
 * Which build of nnspec's twice-built kernels (scripts/build-wasm.mjs, RELAXED: wasm/dense-step.c
 * and wasm/conv.c) this engine runs, and whether a build's multiply-add fuses (wasm/madd.h).
 * Shared by the fused step and the conv kernels, so that both decide the same way.
 */
import { compiledModule } from './load-module.js';
import { MODULE_BASE64 as RELAXED_MODULE_BASE64 } from './dense-step-relaxed-module.js';

let relaxed: boolean | undefined;

/**
 * Whether this engine runs the relaxed-SIMD builds of the kernels (Chrome 114+, Node 22+, and
 * Node 20 once `initBackend` has set V8's flag). Decided once per thread, at the first kernel that
 * asks: every kernel of a process then computes the same way.
 */
export function relaxedSimdAvailable(): boolean {
  if (relaxed === undefined) {
    try {
      compiledModule(RELAXED_MODULE_BASE64);
      relaxed = true;
    } catch {
      relaxed = false;
    }
  }
  return relaxed;
}

/** The probe every twice-built module exports (wasm/madd.h). */
export interface MaddProbe {
  /** 1 when the module's madd rounds `acc + a b` once (fused), else 0. */
  madd_fuses(a: number, b: number): number;
}

/**
 * Whether the module behind `probe` fuses its multiply-adds: the relaxed build on a processor with
 * FMA. (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24 needs 25 bits: a fused multiply-add keeps the 2^-24 that
 * float32 rounds off.
 */
export function maddFuses(probe: MaddProbe): boolean {
  return probe.madd_fuses(1 + 2 ** -12, 1 + 2 ** -12) === 1;
}
