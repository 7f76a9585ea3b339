/**
 * The forward pass used by the trainer. Two forms, same meaning:
 * - `model`: `model.apply(x, { training })`, works for every model;
 * - `fused`: for a plain chain of layers, each Dense layer runs as one `tf.fused.matMul`
 *   (matmul + bias + relu/linear in one kernel, and a fused gradient); every other layer
 *   (dropout, activation, flatten, conv...) is called as itself with the training flag.
 */
import * as tf from '@tensorflow/tfjs';
import { layerChainOf as layerChain } from '../../backend/fused/layer-chain.js';
import { matMulOfTransposed, reluGradient } from '../../backend/kernels/index.js';

export { layerChain };

export type ForwardFn = (x: tf.Tensor, training: boolean) => tf.Tensor;
export type ForwardMode = 'model' | 'fused' | 'auto';

// Internal shapes of tfjs-layers objects that the public typings do not expose.
interface DenseInternals {
  kernel: { read(): tf.Tensor } | null;
  bias: { read(): tf.Tensor } | null;
  useBias: boolean;
  activation: { getClassName(): string; apply(x: tf.Tensor): tf.Tensor } | null;
  activityRegularizer?: unknown;
}
function fusableDense(layer: tf.layers.Layer): DenseInternals | null {
  if (layer.getClassName() !== 'Dense') return null;
  const dense = layer as unknown as DenseInternals;
  if (dense.kernel === null || dense.activityRegularizer != null) return null;
  const input = layer.inputSpec?.[0];
  const kernelShape = dense.kernel.read().shape;
  if (kernelShape.length !== 2 || (input?.minNDim != null && input.minNDim > 2 && input.ndim !== 2)) return null;
  return dense;
}

/** Builds the forward function. `auto` picks `fused` when the model is a chain with a Dense layer. */
export function makeForward(model: tf.LayersModel, mode: ForwardMode = 'auto'): { forward: ForwardFn; mode: 'model' | 'fused' } {
  const plain: ForwardFn = (x, training) => model.apply(x, { training }) as tf.Tensor;
  if (mode === 'model') return { forward: plain, mode: 'model' };
  const chain = layerChain(model);
  const hasDense = chain?.some((layer) => fusableDense(layer) !== null) ?? false;
  if (chain === null || !hasDense) {
    if (mode === 'fused') throw new Error('fused forward needs a single chain of layers with a Dense layer');
    return { forward: plain, mode: 'model' };
  }
  const firstDense = chain.findIndex((layer) => fusableDense(layer) !== null && layer === chain[0]);
  const steps = chain.map((layer, index) => {
    const dense = fusableDense(layer);
    if (dense === null) return (h: tf.Tensor, training: boolean) => layer.apply(h, { training }) as tf.Tensor;
    const act = dense.activation?.getClassName() ?? 'linear';
    const fusedAct = act === 'relu' || act === 'linear' ? act : 'linear';
    const rest = fusedAct === act ? null : dense.activation;
    return (h: tf.Tensor, training: boolean) => {
      if (h.rank !== 2) return layer.apply(h, { training }) as tf.Tensor;
      const kernel = dense.kernel!.read() as tf.Tensor2D;
      const bias = dense.useBias && dense.bias ? (dense.bias.read() as tf.Tensor1D) : null;
      const z = denseOp(h as tf.Tensor2D, kernel, bias, fusedAct, index === firstDense);
      return rest ? rest.apply(z) : z;
    };
  });
  const fused: ForwardFn = (x, training) => {
    let h = x;
    for (const step of steps) h = step(h, training);
    return h;
  };
  return { forward: fused, mode: 'fused' };
}

/**
 * `act(x·W + b)` as one fused kernel forward, with a hand-written gradient whose products are
 * those of explicitly transposed operands: on WASM, the package's `matMul(a, b, transposeA|transposeB)`
 * runs a slow generic loop (measured 10-15x slower than transposing explicitly and multiplying),
 * and the stock gradients of `tf.matMul`/`tf.fused.matMul` use exactly those flags. Since issue
 * 17, {@link matMulOfTransposed} computes those products' bits without the transposes.
 * When `x` is the model input (`inputIsData`), no gradient is computed for it.
 */
export function denseOp(x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D | null, activation: 'relu' | 'linear', inputIsData: boolean): tf.Tensor2D {
  const backward = (dy: tf.Tensor, z: tf.Tensor, xv: tf.Tensor2D, w: tf.Tensor2D) => {
    const dz = (activation === 'relu' ? reluGradient(dy, z) : dy) as tf.Tensor2D;
    const dw = matMulOfTransposed(xv, dz, true, false);
    const db = tf.sum(dz, 0);
    const dx = inputIsData ? null : matMulOfTransposed(dz, w, false, true);
    return { dx, dw, db };
  };
  const forward = (xv: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D | undefined) => tf.fused.matMul({ a: xv, b: w, bias: b, activation });
  if (inputIsData) {
    if (bias) {
      const op = tf.customGrad(
        asCustom((w: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
          const z = forward(x, w as tf.Tensor2D, b as tf.Tensor1D);
          save([z, w]);
          return {
            value: z,
            gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
              const g = backward(dy, saved[0], x, saved[1] as tf.Tensor2D);
              return [g.dw, g.db];
            },
          };
        }),
      );
      return op(kernel, bias) as tf.Tensor2D;
    }
    const op = tf.customGrad(
      asCustom((w: tf.Tensor, save: tf.GradSaveFunc) => {
        const z = forward(x, w as tf.Tensor2D, undefined);
        save([z, w]);
        return { value: z, gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [backward(dy, saved[0], x, saved[1] as tf.Tensor2D).dw] };
      }),
    );
    return op(kernel) as tf.Tensor2D;
  }
  if (bias) {
    const op = tf.customGrad(
      asCustom((xv: tf.Tensor, w: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
        const z = forward(xv as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D);
        save([z, xv, w]);
        return {
          value: z,
          gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
            const g = backward(dy, saved[0], saved[1] as tf.Tensor2D, saved[2] as tf.Tensor2D);
            return [g.dx!, g.dw, g.db];
          },
        };
      }),
    );
    return op(x, kernel, bias) as tf.Tensor2D;
  }
  const op = tf.customGrad(
    asCustom((xv: tf.Tensor, w: tf.Tensor, save: tf.GradSaveFunc) => {
      const z = forward(xv as tf.Tensor2D, w as tf.Tensor2D, undefined);
      save([z, xv, w]);
      return {
        value: z,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const g = backward(dy, saved[0], saved[1] as tf.Tensor2D, saved[2] as tf.Tensor2D);
          return [g.dx!, g.dw];
        },
      };
    }),
  );
  return op(x, kernel) as tf.Tensor2D;
}

// tf.customGrad's typing wants variadic `(Tensor | GradSaveFunc)[]` parameters; ours are positional.
type CustomGradientFunc = Parameters<typeof tf.customGrad>[0];
function asCustom<F>(f: F): CustomGradientFunc {
  return f as unknown as CustomGradientFunc;
}
