/**
 * Whether a model, optimizer and loss can train with the fused step, and the plan it runs: the
 * model's layers as a chain of dense, activation, dropout and flatten steps on row vectors. The
 * plan reads the built TF.js model, so it restates no parameter: widths, rates, activations and
 * hyper-parameters all come from the layers and the optimizer that the IR built.
 */
import type * as tf from '@tensorflow/tfjs';
import { layerChainOf } from './layer-chain.js';

/** Activations the fused step computes (others train through TF.js). */
export type StepActivation = 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'softmax';
/** Losses the fused step computes. */
export type StepLoss = 'categorical_crossentropy' | 'sparse_categorical_crossentropy' | 'binary_crossentropy' | 'mean_squared_error';

/** One step of the chain, on `[rows, width]` activations. */
export type ChainStep =
  | { kind: 'dense'; layer: tf.layers.Layer; inputs: number; units: number; bias: boolean; activation: StepActivation }
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
interface DenseFields {
  units: number;
  useBias: boolean;
  activation: { getClassName(): string } | null;
  kernelRegularizer?: unknown;
  biasRegularizer?: unknown;
  activityRegularizer?: unknown;
  kernelConstraint?: unknown;
  biasConstraint?: unknown;
}
interface OptimizerFields {
  beta1: number;
  beta2: number;
  epsilon: number;
  momentum: number;
  useNesterov: boolean;
}

function activationName(layer: { activation: { getClassName(): string } | null }): string {
  return layer.activation?.getClassName() ?? 'linear';
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
      return null;
    case 'Dense': {
      const dense = layer as unknown as DenseFields;
      if (inputShape.length !== 2) return `${layer.name} is a dense layer on a rank-${inputShape.length - 1} input`;
      if (dense.kernelRegularizer || dense.biasRegularizer || dense.activityRegularizer) return `${layer.name} has a regularizer`;
      if (dense.kernelConstraint || dense.biasConstraint) return `${layer.name} has a constraint`;
      if (!layer.trainable || layer.trainableWeights.length !== (dense.useBias ? 2 : 1)) return `${layer.name} has frozen weights`;
      const activation = activationName(dense);
      if (!ACTIVATIONS.has(activation)) return `the fused step has no ${activation} activation`;
      return { kind: 'dense', layer, inputs: inputShape[1] as number, units: dense.units, bias: dense.useBias, activation: activation as StepActivation };
    }
    case 'Activation': {
      const activation = activationName(layer as unknown as DenseFields);
      if (!ACTIVATIONS.has(activation)) return `the fused step has no ${activation} activation`;
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
 * standardised target).
 */
export function planChain(model: tf.LayersModel, optimizer: tf.Optimizer | null, loss: string | undefined): PlanResult {
  const chain = layerChainOf(model);
  if (chain === null) return { reason: 'the model is not a single chain of layers' };
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
  const inputShape = model.inputs[0]!.shape.slice(1);
  const outputShape = model.outputs[0]!.shape;
  if (outputShape.length !== 2 || inputShape.some((d) => d === null)) return { reason: 'the model does not map vectors to vectors' };
  const softmaxAt = steps.findIndex((step) => step.kind !== 'dropout' && step.activation === 'softmax');
  if (softmaxAt !== -1 && softmaxAt !== lastComputing(steps)) return { reason: 'softmax is not the last activation' };
  return {
    plan: {
      steps,
      inputWidth: (inputShape as number[]).reduce((a, d) => a * d, 1),
      outputWidth: outputShape[1] as number,
      loss,
      optimizer: stepOptimizer,
    },
  };
}

/** Index of the last dense or activation step (dropout after it changes nothing in the output's activation). */
function lastComputing(steps: ChainStep[]): number {
  for (let i = steps.length - 1; i >= 0; i--) if (steps[i]!.kind !== 'dropout') return i;
  return -1;
}
