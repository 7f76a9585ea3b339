/**
 * What the fused step reads of a tfjs-layers layer with weights (dense, conv2d) beyond the public
 * typings, and the checks both share. Browser-safe.
 */
import type * as tf from '@tensorflow/tfjs';

/** tfjs-layers fields of a layer with a kernel, a bias and an activation. */
export interface WeightedLayerFields {
  useBias: boolean;
  activation: { getClassName(): string } | null;
  kernelRegularizer?: unknown;
  biasRegularizer?: unknown;
  activityRegularizer?: unknown;
  kernelConstraint?: unknown;
  biasConstraint?: unknown;
}

/** The name of a layer's activation (`linear` when it has none). */
export function activationName(layer: { activation: { getClassName(): string } | null }): string {
  return layer.activation?.getClassName() ?? 'linear';
}

/** Why a layer with weights cannot train on the fused step (a regularizer, a constraint, frozen weights), or null. */
export function weightsReason(layer: tf.layers.Layer, fields: WeightedLayerFields): string | null {
  if (fields.kernelRegularizer || fields.biasRegularizer || fields.activityRegularizer) return `${layer.name} has a regularizer`;
  if (fields.kernelConstraint || fields.biasConstraint) return `${layer.name} has a constraint`;
  if (!layer.trainable || layer.trainableWeights.length !== (fields.useBias ? 2 : 1)) return `${layer.name} has frozen weights`;
  return null;
}
