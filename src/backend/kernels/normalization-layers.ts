import * as tf from '@tensorflow/tfjs';

interface WeightLike {
  read(): tf.Tensor;
}

/** The fields of tfjs-layers' BatchNormalization / LayerNormalization the patch touches. */
interface NormalizationInternals {
  center: boolean;
  scale: boolean;
  gamma: WeightLike | null | undefined;
  beta: WeightLike | null | undefined;
  readonly movingMean?: { readonly shape: number[] };
  readonly axis: number | number[];
  readonly built: boolean;
}

type Call = (this: NormalizationInternals, inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>) => tf.Tensor | tf.Tensor[];

let patched = false;

/** The per-feature parameter shape, read off whichever weight the layer has. */
function paramShape(layer: NormalizationInternals, input: tf.Tensor): number[] {
  if (layer.movingMean) return layer.movingMean.shape;
  const axes = (Array.isArray(layer.axis) ? layer.axis : [layer.axis]).map((a) => (a < 0 ? a + input.rank : a));
  return axes.map((a) => input.shape[a]!);
}

/**
 * Wraps a normalisation layer's `call` so a missing `gamma` (scale: false) or `beta`
 * (center: false) is stood in for by constant ones / zeros for the duration of the call.
 *
 * TF.js 4.22 cannot train these configurations on any backend: BatchNormalization's training
 * branch reads `this.gamma`/`this.beta` unconditionally, and LayerNormalization passes a null
 * scale/offset to `tf.batchNorm`, whose gradient then walks an undefined input. Multiplying by
 * one and adding zero is the same function, the constants are created inside the layer's own
 * `tidy` (so nothing leaks), and no weight is added, so configs and saved weights are unchanged.
 */
function withStandIns(original: Call): Call {
  return function (this: NormalizationInternals, inputs, kwargs) {
    if (this.center && this.scale) return original.call(this, inputs, kwargs);
    const input = Array.isArray(inputs) ? inputs[0]! : inputs;
    const shape = paramShape(this, input);
    const saved = { center: this.center, scale: this.scale, gamma: this.gamma, beta: this.beta };
    if (!this.scale) this.gamma = { read: () => tf.ones(shape) };
    if (!this.center) this.beta = { read: () => tf.zeros(shape) };
    this.center = true;
    this.scale = true;
    try {
      return original.call(this, inputs, kwargs);
    } finally {
      Object.assign(this, saved);
    }
  };
}

/** Makes `batch_norm` and `layer_norm` with `center: false` or `scale: false` trainable. Idempotent. */
export function patchNormalizationLayers(): void {
  if (patched) return;
  for (const layer of [tf.layers.batchNormalization({}), tf.layers.layerNormalization({})]) {
    const proto = Object.getPrototypeOf(layer) as { call: Call };
    proto.call = withStandIns(proto.call);
  }
  patched = true;
}
