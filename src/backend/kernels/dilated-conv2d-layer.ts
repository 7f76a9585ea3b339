import * as tf from '@tensorflow/tfjs';

/** The parts of tfjs-layers' Conv2D instance that nnspec's replacement `call`s read. */
export interface Conv2DInternals {
  readonly rank: number;
  readonly dilationRate: number[];
  readonly strides: number[];
  readonly padding: string;
  readonly dataFormat: string;
  readonly kernel: { read(): tf.Tensor };
  readonly bias: { read(): tf.Tensor } | null;
  readonly activation: { apply(x: tf.Tensor): tf.Tensor; getClassName(): string } | null;
}

/** tfjs-layers' `Conv2D.prototype.call`. */
export type Conv2DCall = (this: Conv2DInternals, inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>) => tf.Tensor | tf.Tensor[];

/** The prototype of tfjs-layers' Conv2D, whose `call` nnspec wraps. */
export function conv2dLayerPrototype(): { call: Conv2DCall } {
  return Object.getPrototypeOf(tf.layers.conv2d({ filters: 1, kernelSize: 1 })) as { call: Conv2DCall };
}

let patched = false;

/**
 * Makes `tf.layers.conv2d` with a dilation rate above 1 trainable.
 *
 * The layer runs its convolution through `tf.fused.conv2d`, whose gradient is a closure that
 * rejects dilation (no registry entry to replace). For dilated layers only, `call` is rerouted
 * through the plain `Conv2D` kernel plus a bias add, whose gradient nnspec registers; the
 * result is the same convolution, and the layer's class, config and weights are untouched, so
 * saved models stay standard TF.js Conv2D layers. Undilated layers run TF.js's code unchanged.
 * Idempotent.
 */
export function patchDilatedConv2dLayer(): void {
  if (patched) return;
  const proto = conv2dLayerPrototype();
  const original = proto.call;
  proto.call = function (this: Conv2DInternals, inputs, kwargs) {
    if (this.rank !== 2 || this.dilationRate.every((d) => d === 1)) return original.call(this, inputs, kwargs);
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const channelsFirst = this.dataFormat === 'channelsFirst';
      const nhwc = channelsFirst ? tf.transpose(x, [0, 2, 3, 1]) : x;
      let y: tf.Tensor = tf.conv2d(
        nhwc as tf.Tensor4D,
        this.kernel.read() as tf.Tensor4D,
        this.strides as [number, number],
        this.padding === 'same' ? 'same' : 'valid',
        'NHWC',
        this.dilationRate as [number, number],
      );
      if (this.bias !== null) y = tf.add(y, this.bias.read());
      if (channelsFirst) y = tf.transpose(y, [0, 3, 1, 2]);
      return this.activation === null ? y : this.activation.apply(y);
    });
  };
  patched = true;
}
