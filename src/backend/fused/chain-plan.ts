/**
 * Whether a model, optimizer and loss can train with the fused step, and the plan it runs: the
 * model's layers as a chain of conv2d, max_pool2d, dense, activation, dropout and flatten steps on
 * rows (an example's image, NHWC, flattened, or its vector). The
 * plan reads the built TF.js model, so it restates no parameter: widths, rates, activations and
 * hyper-parameters all come from the layers and the optimizer that the IR built.
 */
import type * as tf from '@tensorflow/tfjs';
import { type ConvActivation, type ConvShape, type PoolShape, convStepOf, poolStepOf } from './image-steps.js';
import { layerChainOf } from './layer-chain.js';
import { activationName, type WeightedLayerFields, weightsReason } from './layer-fields.js';
import { MAX_STEP_BYTES, planStepLayout } from './step-layout.js';

/** Activations the fused step computes (others train through TF.js). */
export type StepActivation = 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'softmax';
/** Losses the fused step computes. */
export type StepLoss = 'categorical_crossentropy' | 'sparse_categorical_crossentropy' | 'binary_crossentropy' | 'mean_squared_error';

/** One step of the chain, on `[rows, width]` activations (an image's pixels and channels flattened into its row). */
export type ChainStep =
  | { kind: 'dense'; layer: tf.layers.Layer; inputs: number; units: number; bias: boolean; activation: StepActivation }
  | { kind: 'conv'; layer: tf.layers.Layer; shape: ConvShape; bias: boolean; activation: ConvActivation }
  | { kind: 'pool'; layer: tf.layers.Layer; shape: PoolShape }
  | { kind: 'activation'; activation: StepActivation }
  | { kind: 'dropout'; layer: tf.layers.Layer; noise: NoiseKind; rate: number; seed: number };

/**
 * How a noise layer draws and applies its noise in training: `dropout` multiplies by a 0-or-scale
 * mask, `gaussian_dropout` by N(1, rate / (1 - rate)) noise, `gaussian_noise` adds N(0, rate).
 */
export type NoiseKind = 'dropout' | 'gaussian_dropout' | 'gaussian_noise';

const NOISE_CLASSES: Record<string, NoiseKind> = {
  NnspecDropout: 'dropout',
  NnspecGaussianDropout: 'gaussian_dropout',
  NnspecGaussianNoise: 'gaussian_noise',
};

/** The optimizer update, with the optimizer it mirrors (`none`: a plan for evaluation only). */
export type StepOptimizer =
  | { kind: 'none' }
  | { kind: 'adam'; optimizer: tf.Optimizer; beta1: number; beta2: number; epsilon: number }
  | { kind: 'sgd'; optimizer: tf.Optimizer }
  | { kind: 'momentum'; optimizer: tf.Optimizer; momentum: number; nesterov: boolean };

/** Everything the fused step needs. */
export interface ChainPlan {
  steps: ChainStep[];
  /** Features per example at the input (the product of the input shape). */
  inputWidth: number;
  /** Units of the output. */
  outputWidth: number;
  loss: StepLoss;
  optimizer: StepOptimizer;
}

/** The plan, or the reason the model trains through TF.js instead. */
export type PlanResult = { plan: ChainPlan; reason?: undefined } | { plan?: undefined; reason: string };

const ACTIVATIONS = new Set<string>(['linear', 'relu', 'sigmoid', 'tanh', 'softmax']);

// tfjs-layers fields that the public typings do not expose.
interface DenseFields extends WeightedLayerFields {
  units: number;
}
interface OptimizerFields {
  beta1: number;
  beta2: number;
  epsilon: number;
  momentum: number;
  useNesterov: boolean;
}

function optimizerOf(optimizer: tf.Optimizer): StepOptimizer | string {
  const fields = optimizer as unknown as OptimizerFields;
  switch (optimizer.getClassName()) {
    case 'NnspecAdam':
      return { kind: 'adam', optimizer, beta1: fields.beta1, beta2: fields.beta2, epsilon: fields.epsilon };
    case 'SGD':
      return { kind: 'sgd', optimizer };
    case 'Momentum':
      return { kind: 'momentum', optimizer, momentum: fields.momentum, nesterov: fields.useNesterov };
    default:
      return `the fused step has no ${optimizer.getClassName()} update`;
  }
}

/**
 * One layer as a chain step, or the reason it is not one. `inference`: the plan only evaluates,
 * so a saved model's standard `Dropout` (what `NnspecDropout` exports as) is the identity it is
 * there.
 */
function stepOf(layer: tf.layers.Layer, inference: boolean): ChainStep | null | string {
  const className = layer.getClassName();
  const inputShape = (layer.input as tf.SymbolicTensor).shape;
  switch (className) {
    case 'Flatten':
    case 'Reshape':
      // Rows hold each example's values in TF.js's row-major order, which neither changes.
      return null;
    case 'Dense': {
      const dense = layer as unknown as DenseFields;
      if (inputShape.length !== 2) return `${layer.name} is a dense layer on a rank-${inputShape.length - 1} input`;
      const weights = weightsReason(layer, dense);
      if (weights) return weights;
      const activation = activationName(dense);
      if (!ACTIVATIONS.has(activation)) return `the fused step has no ${activation} activation`;
      return { kind: 'dense', layer, inputs: inputShape[1] as number, units: dense.units, bias: dense.useBias, activation: activation as StepActivation };
    }
    case 'Conv2D': {
      const conv = convStepOf(layer, inputShape.slice(1) as number[]);
      return typeof conv === 'string' ? conv : { kind: 'conv', layer, ...conv };
    }
    case 'MaxPooling2D': {
      const shape = poolStepOf(layer, inputShape.slice(1) as number[]);
      return typeof shape === 'string' ? shape : { kind: 'pool', layer, shape };
    }
    case 'Activation': {
      const activation = activationName(layer as unknown as DenseFields);
      if (!ACTIVATIONS.has(activation)) return `the fused step has no ${activation} activation`;
      // softmax normalises a vector; on an image TF.js normalises each pixel's channels.
      if (activation === 'softmax' && inputShape.length !== 2) return `${layer.name} is a softmax on a rank-${inputShape.length - 1} input`;
      return { kind: 'activation', activation: activation as StepActivation };
    }
    case 'Dropout':
    case 'GaussianDropout':
    case 'GaussianNoise':
      if (!inference) return `the fused step has no ${className} layer`;
      return { kind: 'dropout', layer, noise: 'dropout', rate: 0, seed: 0 };
    case 'NnspecDropout':
    case 'NnspecGaussianDropout':
    case 'NnspecGaussianNoise': {
      const config = layer.getConfig() as { rate: number; seed: number };
      return { kind: 'dropout', layer, noise: NOISE_CLASSES[className]!, rate: config.rate, seed: config.seed };
    }
    default:
      return `the fused step has no ${className} layer`;
  }
}

/**
 * The fused-step plan of a model trained with `optimizer` (null: evaluated only) on `loss` (the
 * IR loss name, or undefined for a loss the step cannot compute, such as one rescaled for a
 * standardised target). With `capacity`, the largest batch the step will hold, a plan whose
 * memory would pass {@link MAX_STEP_BYTES} is refused.
 */
export function planChain(model: tf.LayersModel, optimizer: tf.Optimizer | null, loss: string | undefined, capacity?: number): PlanResult {
  const chain = layerChainOf(model);
  if (chain === null) return { reason: 'the model is not a single chain of layers' };
  // The image layers' geometry needs every input size (an input of unknown height has none).
  const inputShape = model.inputs[0]!.shape.slice(1);
  if (inputShape.some((d) => d === null)) return { reason: 'the model does not map vectors to vectors' };
  if (loss !== 'categorical_crossentropy' && loss !== 'sparse_categorical_crossentropy' && loss !== 'binary_crossentropy' && loss !== 'mean_squared_error') {
    return { reason: `the fused step has no ${loss ?? 'rescaled'} loss` };
  }
  const stepOptimizer: StepOptimizer | string = optimizer === null ? { kind: 'none' } : optimizerOf(optimizer);
  if (typeof stepOptimizer === 'string') return { reason: stepOptimizer };
  const steps: ChainStep[] = [];
  for (const layer of chain) {
    const step = stepOf(layer, optimizer === null);
    if (typeof step === 'string') return { reason: step };
    if (step !== null) steps.push(step);
  }
  if (!steps.some((step) => step.kind === 'dense')) return { reason: 'the model has no dense layer' };
  const outputShape = model.outputs[0]!.shape;
  if (outputShape.length !== 2) return { reason: 'the model does not map vectors to vectors' };
  const softmaxAt = steps.findIndex((step) => (step.kind === 'dense' || step.kind === 'activation') && step.activation === 'softmax');
  if (softmaxAt !== -1 && softmaxAt !== lastComputing(steps)) return { reason: 'softmax is not the last activation' };
  const plan: ChainPlan = {
    steps,
    inputWidth: (inputShape as number[]).reduce((a, d) => a * d, 1),
    outputWidth: outputShape[1] as number,
    loss,
    optimizer: stepOptimizer,
  };
  if (capacity !== undefined) {
    // The step keeps every layer's activations for a whole batch in one memory: large images
    // would need more than a wasm memory should hold, where TF.js's kernels allocate per op.
    const bytes = planStepLayout(plan, model, capacity, 1).floats * 4;
    if (bytes > MAX_STEP_BYTES) return { reason: `the fused step would need ${Math.ceil(bytes / 2 ** 20)} MiB for batches of ${capacity}` };
  }
  return { plan };
}

/** Index of the last step that is not dropout (dropout after it changes nothing in the output's activation). */
function lastComputing(steps: ChainStep[]): number {
  for (let i = steps.length - 1; i >= 0; i--) if (steps[i]!.kind !== 'dropout') return i;
  return -1;
}
