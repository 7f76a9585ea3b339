/** An IR model as an executable `tf.LayersModel`. */
import * as tf from '@tensorflow/tfjs';
import type { IrModel, IrNode } from '../ir/schema.js';
import { applyNode } from './layers.js';

/** Options for {@link buildModel}. */
export interface BuildModelOptions {
  /** The spec's seed: fixes every initializer and every dropout/noise mask sequence. */
  seed: number;
  /**
   * A standardised regression target (`normalize_target`): the model ends with a fixed,
   * non-trainable `y * std + mean` layer, so its outputs (and a saved model's) are in the
   * target's units while the layers before it learn the standardised target.
   */
  targetScaling?: { mean: number; std: number };
}

/** The name of the fixed output layer that {@link BuildModelOptions.targetScaling} adds. */
export const TARGET_SCALE_LAYER = 'target_scale';

/**
 * Builds the model of an IR document as one functional `tf.model({ inputs, outputs })`: a
 * `tf.input` for the `input` node, then each node's layer applied, in the IR's (topological)
 * order, to the outputs of the nodes it reads; merges take their inputs in the IR's order. Layers
 * carry the IR's node names, seeded initializers and nnspec's seeded noise layers. A chain takes
 * the same path (each node reads the one before), so there is one builder. Shapes come from the
 * IR (the checker inferred them), so TF.js's own shape inference must agree; a disagreement is a bug.
 */
export function buildModel(model: IrModel, options: BuildModelOptions): tf.LayersModel {
  const [first, ...rest] = model.nodes;
  if (first?.type !== 'input') throw new Error(`nnspec backend: model ${model.name} does not start with its input node`);
  const input = tf.input({ shape: model.inputShape as number[], name: first.name });
  const outputs = new Map<string, tf.SymbolicTensor>([[first.name, input]]);
  const outputOf = (node: IrNode, name: string): tf.SymbolicTensor => {
    const tensor = outputs.get(name);
    if (!tensor) throw new Error(`nnspec backend: ${node.name} reads '${name}', which no earlier node makes`);
    return tensor;
  };
  for (const node of rest) {
    if (node.type === 'input') throw new Error(`nnspec backend: model ${model.name} has a second input node ${node.name}`);
    const inputs = node.inputs.map((name) => outputOf(node, name));
    outputs.set(node.name, applyNode(node, inputs, options.seed));
  }
  let output = outputs.get(model.output);
  if (!output) throw new Error(`nnspec backend: model ${model.name}'s output '${model.output}' is no node of it`);
  if (options.targetScaling !== undefined) {
    const units = (model.outputShape[model.outputShape.length - 1] as number | null) ?? 1;
    const { mean, std } = options.targetScaling;
    // A plain Dense layer (kernel std·I, bias mean), so a saved model loads in plain TF.js; its
    // initializers carry the values, so the layer is the same wherever the model is built.
    const scale = tf.layers.dense({
      units,
      name: TARGET_SCALE_LAYER,
      trainable: false,
      kernelInitializer: tf.initializers.identity({ gain: std }),
      biasInitializer: tf.initializers.constant({ value: mean }),
    });
    output = scale.apply(output) as tf.SymbolicTensor;
  }
  return tf.model({ inputs: input, outputs: output, name: model.name });
}
