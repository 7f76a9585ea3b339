/** An IR model as an executable `tf.LayersModel`. */
import * as tf from '@tensorflow/tfjs';
import type { IrModel } from '../ir/schema.js';
import { createLayer } from './layers.js';

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
 * Builds the model of an IR document: a `tf.sequential` chain whose layers carry the IR's
 * names, seeded initializers and nnspec's seeded noise layers. Shapes come from the IR (the
 * checker inferred them), so TF.js's own shape inference must agree; a disagreement is a bug.
 */
export function buildModel(model: IrModel, options: BuildModelOptions): tf.LayersModel {
  const inputShape = model.inputShape.map((axis) => (axis === null ? null : axis));
  const sequential = tf.sequential({ name: model.name });
  sequential.add(tf.layers.inputLayer({ inputShape: inputShape as number[], name: inputLayerName(model) }));
  for (const layer of model.nodes) {
    if (layer.type === 'input') continue;
    sequential.add(createLayer(layer, options.seed));
  }
  if (options.targetScaling !== undefined) {
    const units = (model.outputShape[model.outputShape.length - 1] as number | null) ?? 1;
    const { mean, std } = options.targetScaling;
    // A plain Dense layer (kernel std·I, bias mean), so a saved model loads in plain TF.js; its
    // initializers carry the values, so a worker rebuilding the model from its JSON gets them too.
    sequential.add(
      tf.layers.dense({
        units,
        name: TARGET_SCALE_LAYER,
        trainable: false,
        kernelInitializer: tf.initializers.identity({ gain: std }),
        biasInitializer: tf.initializers.constant({ value: mean }),
      }),
    );
  }
  // A sequential model builds its inner graph lazily, on the first call; until then it reports
  // no regularization losses, so build now and every caller sees the complete model.
  sequential.build();
  return sequential;
}

function inputLayerName(model: IrModel): string {
  return model.nodes.find((node) => node.type === 'input')?.name ?? `${model.name}_input`;
}
