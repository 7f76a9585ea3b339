/**
 * A 2-D convolution layer's forward pass in one wasm kernel: convolution, bias and relu.
 *
 * While training, tfjs-layers' `Conv2D` runs `tf.fused.conv2d`, which refuses to fuse a relu
 * when gradients are recorded and runs three kernels instead (Conv2D, Add, Relu), each a pass
 * over the layer's whole output: for the benchmark conv net's first layer, 2.8 MB per pass, and
 * the Add and Relu took longer than the convolution. `NnspecConv2DBiasActivation` is one
 * kernel with a registered gradient that is the same as the three kernels' (relu's mask from the
 * output, the bias gradient a sum over pixels, the two convolution gradients), so what is learned
 * does not change beyond float rounding. Its gradients are lazy per input, as TF.js's are, so a
 * first layer's input gradient (its input is data) is never computed.
 */
import * as tf from '@tensorflow/tfjs';
import { reluGradient } from './relu-gradient.js';
import { runKernel } from './tensor-info.js';
import { conv2dLayerPrototype, type Conv2DInternals } from './dilated-conv2d-layer.js';

/** The kernel's name in TF.js's registry. */
export const CONV2D_BIAS_ACTIVATION_KERNEL = 'NnspecConv2DBiasActivation';

/** Attributes of the kernel: an undilated NHWC convolution and its activation. */
interface Conv2DBiasActivationAttributes {
  strides: [number, number];
  pad: 'same' | 'valid';
  activation: 'linear' | 'relu';
}

function convolutionAttributes(a: Conv2DBiasActivationAttributes): { strides: [number, number]; pad: 'same' | 'valid'; dataFormat: 'NHWC' } {
  return { strides: a.strides, pad: a.pad, dataFormat: 'NHWC' };
}

/** Runs as wasm's `FusedConv2D` (nnspec's SIMD kernel, see ./conv2d-forward.ts). */
const conv2dBiasActivationConfig: tf.KernelConfig = {
  kernelName: CONV2D_BIAS_ACTIVATION_KERNEL,
  backendName: 'wasm',
  kernelFunc: (args) => {
    const a = args.attrs as unknown as Conv2DBiasActivationAttributes;
    const fused = tf.getKernel('FusedConv2D', 'wasm')!;
    return fused.kernelFunc({ ...args, attrs: { ...convolutionAttributes(a), dilations: [1, 1], activation: a.activation } as unknown as tf.NamedAttrMap });
  },
};

/** The gradients of convolution, bias add and activation, as TF.js computes them for the three kernels. */
const conv2dBiasActivationGradient: tf.GradConfig = {
  kernelName: CONV2D_BIAS_ACTIVATION_KERNEL,
  inputsToSave: ['x', 'filter'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter, y] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
    const a = attrs as unknown as Conv2DBiasActivationAttributes;
    // relu's gradient is dy where its input was positive, which is where its output is.
    const dz = a.activation === 'relu' ? reluGradient(dy as tf.Tensor, y) : (dy as tf.Tensor);
    const common = convolutionAttributes(a);
    return {
      x: () => runKernel('Conv2DBackpropInput', { dy: dz, filter }, { ...common, inputShape: x.shape }),
      filter: () => runKernel('Conv2DBackpropFilter', { x, dy: dz }, { ...common, filterShape: filter.shape }),
      bias: () => tf.sum(dz, [0, 1, 2]),
    };
  },
};

/** The activation the kernel can apply for this layer, or undefined when the layer must keep TF.js's path. */
function fusableActivation(layer: Conv2DInternals): Conv2DBiasActivationAttributes['activation'] | undefined {
  const name = layer.activation?.getClassName() ?? 'linear';
  return name === 'relu' || name === 'linear' ? name : undefined;
}

let registered = false;

/**
 * Registers the kernel and its gradient, and routes `tf.layers.conv2d` layers through it on the
 * wasm backend when they are undilated, NHWC, have a bias and a relu or linear activation. Other
 * layers and backends run the previous `call` (TF.js's, or nnspec's dilated patch). The layer's
 * class, config and weights are untouched. Idempotent; call after `patchDilatedConv2dLayer`,
 * whose `call` it wraps.
 */
export function registerConv2dBiasActivation(): void {
  if (registered) return;
  tf.registerKernel(conv2dBiasActivationConfig);
  tf.registerGradient(conv2dBiasActivationGradient);
  const proto = conv2dLayerPrototype();
  const previous = proto.call;
  proto.call = function (this: Conv2DInternals, inputs, kwargs) {
    const activation = fusableActivation(this);
    const plain = this.rank === 2 && this.dataFormat === 'channelsLast' && this.dilationRate.every((d) => d === 1);
    if (!plain || activation === undefined || this.bias === null || tf.getBackend() !== 'wasm') return previous.call(this, inputs, kwargs);
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const attrs: Conv2DBiasActivationAttributes = {
      strides: [this.strides[0]!, this.strides[1]!],
      pad: this.padding === 'same' ? 'same' : 'valid',
      activation,
    };
    return runKernel(CONV2D_BIAS_ACTIVATION_KERNEL, { x, filter: this.kernel.read(), bias: this.bias.read() }, attrs);
  };
  registered = true;
}
