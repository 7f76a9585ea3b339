/**
 * Adam in one kernel per variable instead of about twenty.
 *
 * TF.js's `AdamOptimizer` updates each variable with separate elementwise ops (multiply, add,
 * square, divide, sqrt...): a 2-64-64-3 MLP ran 174 kernels per training step, 120 of them
 * Adam's, and on the wasm backend each kernel costs a dispatch and an allocation whatever its
 * size. `NnspecAdamStep` reads the variable, both moments and the gradient once and writes the
 * three new tensors in one loop, with the same formula and slot variables as TF.js, so saved
 * optimizer state stays interchangeable. Registered for the wasm and cpu backends; on any other
 * backend the optimizer runs TF.js's own code.
 */
import * as tf from '@tensorflow/tfjs';
import type { WasmBackendLike } from './tensor-info.js';
import { simdAdamFor } from './simd-adam.js';

/** The kernel's name in TF.js's registry. */
export const ADAM_STEP_KERNEL = 'NnspecAdamStep';

/** Attributes of one step: the hyper-parameters and this step's bias corrections. */
interface AdamStepAttrs {
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
  /** `1 - beta1^t` and `1 - beta2^t` for step `t` (from 1). */
  correction1: number;
  correction2: number;
}

/** The per-step constants of the update, shared by the JavaScript and the SIMD loop. */
function constants(a: AdamStepAttrs): { keep1: number; keep2: number; rate: number; unbias2: number } {
  return { keep1: 1 - a.beta1, keep2: 1 - a.beta2, rate: a.learningRate / a.correction1, unbias2: 1 / a.correction2 };
}

/**
 * Writes the new value and moments of one variable (every array of the same length). The bias
 * corrections are folded into two constants, so an element costs one division and one square
 * root: `value - (lr / c1) * m / (sqrt(v * (1 / c2)) + epsilon)`, TF.js's formula rearranged.
 */
function adamLoop(
  value: Float32Array,
  m: Float32Array,
  v: Float32Array,
  g: Float32Array,
  out: [Float32Array, Float32Array, Float32Array],
  a: AdamStepAttrs,
): void {
  const [outValue, outM, outV] = out;
  const { beta1, beta2, epsilon } = a;
  const { keep1, keep2, rate, unbias2 } = constants(a);
  const n = value.length;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    // Rounded to float32 where TF.js stores them, so the step reads what was stored.
    const mi = Math.fround(m[i]! * beta1 + gi * keep1);
    const vi = Math.fround(v[i]! * beta2 + gi * gi * keep2);
    outM[i] = mi;
    outV[i] = vi;
    outValue[i] = value[i]! - (rate * mi) / (Math.sqrt(vi * unbias2) + epsilon);
  }
}

interface CpuLikeBackend {
  data: { get(dataId: tf.DataId): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

function inputsOf(inputs: tf.NamedTensorInfoMap): [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo, tf.TensorInfo] {
  return [inputs.value!, inputs.m!, inputs.v!, inputs.gradient!];
}

const wasmAdamStep: tf.KernelConfig = {
  kernelName: ADAM_STEP_KERNEL,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const wasm = backend as unknown as WasmBackendLike;
    const [value, m, v, g] = inputsOf(inputs);
    // Allocate first: allocation can grow the wasm heap, which detaches earlier views of it.
    const outs = [wasm.makeOutput(value.shape, 'float32'), wasm.makeOutput(value.shape, 'float32'), wasm.makeOutput(value.shape, 'float32')];
    const [x, mx, vx, gx, o1, o2, o3] = [value, m, v, g, ...outs].map((info) => wasm.typedArrayFromHeap(info)) as Float32Array[];
    const a = attrs as unknown as AdamStepAttrs;
    const simd = simdAdamFor(wasm.wasm.asm?.memory);
    // SIMD takes whole groups of four; the last 0-3 elements go through the JavaScript loop.
    const bulk = simd === undefined ? 0 : x!.length & ~3;
    if (simd !== undefined && bulk > 0) {
      const c = constants(a);
      simd(
        x!.byteOffset,
        mx!.byteOffset,
        vx!.byteOffset,
        gx!.byteOffset,
        o1!.byteOffset,
        o2!.byteOffset,
        o3!.byteOffset,
        bulk * 4,
        a.beta1,
        c.keep1,
        a.beta2,
        c.keep2,
        c.rate,
        c.unbias2,
        a.epsilon,
      );
    }
    const tail = (t: Float32Array) => t.subarray(bulk);
    adamLoop(tail(x!), tail(mx!), tail(vx!), tail(gx!), [tail(o1!), tail(o2!), tail(o3!)], a);
    return outs;
  },
};

const cpuAdamStep: tf.KernelConfig = {
  kernelName: ADAM_STEP_KERNEL,
  backendName: 'cpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cpu = backend as unknown as CpuLikeBackend;
    const [value, m, v, g] = inputsOf(inputs);
    const read = (info: tf.TensorInfo) => cpu.data.get(info.dataId).values as Float32Array;
    const size = read(value).length;
    const out: [Float32Array, Float32Array, Float32Array] = [new Float32Array(size), new Float32Array(size), new Float32Array(size)];
    adamLoop(read(value), read(m), read(v), read(g), out, attrs as unknown as AdamStepAttrs);
    return out.map((values) => cpu.makeTensorInfo(value.shape, 'float32', values));
  },
};

/** Registers `NnspecAdamStep` for wasm and cpu (idempotent). */
export function registerAdamStepKernels(): void {
  for (const config of [wasmAdamStep, cpuAdamStep]) {
    if (tf.getKernel(config.kernelName, config.backendName) == null) tf.registerKernel(config);
  }
}

interface Slot {
  originalName: string;
  variable: tf.Variable;
}

/** The parts of TF.js's Adam that it declares private. */
interface AdamInternals {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Slot[];
  accumulatedSecondMoment: Slot[];
  incrementIterations(): void;
}

function slot(slots: Slot[], i: number, name: string, suffix: string, value: tf.Variable): tf.Variable {
  slots[i] ??= { originalName: `${name}/${suffix}`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
  return slots[i]!.variable;
}

/**
 * TF.js's Adam with a fused update step (see the module comment). Same constructor, config,
 * slot variables and `getWeights`/`setWeights` as `tf.AdamOptimizer`; serialised as `NnspecAdam`
 * so that a training worker rebuilds this class.
 */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  static override get className(): string {
    return 'NnspecAdam';
  }

  override applyGradients(grads: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    const self = this as unknown as AdamInternals;
    const backendName = tf.getBackend();
    if (tf.getKernel(ADAM_STEP_KERNEL, backendName) == null) {
      // TF.js's code reads beta^t from these; the fused path does not keep them up to date.
      tf.tidy(() => {
        self.accBeta1.assign(tf.scalar(self.beta1 ** (this.iterations + 1)));
        self.accBeta2.assign(tf.scalar(self.beta2 ** (this.iterations + 1)));
      });
      super.applyGradients(grads);
      return;
    }
    const step = this.iterations + 1;
    const attrs: AdamStepAttrs = {
      beta1: self.beta1,
      beta2: self.beta2,
      epsilon: self.epsilon,
      learningRate: self.learningRate,
      correction1: 1 - self.beta1 ** step,
      correction2: 1 - self.beta2 ** step,
    };
    const names = Array.isArray(grads) ? grads.map((g) => g.name) : Object.keys(grads);
    names.forEach((name, i) => {
      const value = tf.engine().registeredVariables[name]!;
      const m = slot(self.accumulatedFirstMoment, i, name, 'm', value);
      const v = slot(self.accumulatedSecondMoment, i, name, 'v', value);
      const gradient = Array.isArray(grads) ? grads[i]!.tensor : grads[name];
      if (gradient == null) return;
      tf.tidy(() => {
        const [newValue, newM, newV] = tf.engine().runKernel(ADAM_STEP_KERNEL, { value, m, v, gradient }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
        m.assign(newM!);
        v.assign(newV!);
        value.assign(newValue!);
      });
    });
    self.incrementIterations();
  }
}

tf.serialization.registerClass(FusedAdamOptimizer);
