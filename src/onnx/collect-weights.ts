/**
 * The weights {@link exportOnnx} needs, read from a built TF.js model: each IR node's layer's
 * `getWeights()`, by the node's name (buildModel names layers after the IR's nodes).
 */
import type * as tf from '@tensorflow/tfjs';
import type { IrModel } from '../ir/schema.js';
import type { LayerWeight } from './emit-context.js';
import type { OnnxWeights } from './export-onnx.js';

/**
 * Reads the weights of every node of `ir` that has some from `model` (built from `ir` by
 * `buildModel`, or loaded from a bundle). A `subtract` node is two weightless layers
 * (`<name>_negate` and `<name>`) and the `target_scale` layer is data the export gets apart, so
 * neither is read. A node whose layer is missing from `model` gets no weights: the export then
 * reports it (NN5202) if the layer needs some.
 */
export function collectOnnxWeights(model: tf.LayersModel, ir: IrModel): OnnxWeights {
  const weights = new Map<string, LayerWeight[]>();
  const names = new Set(model.layers.map((layer) => layer.name));
  for (const node of ir.nodes) {
    if (node.type === 'input' || !names.has(node.name)) continue;
    const tensors = model.getLayer(node.name).getWeights();
    if (tensors.length === 0) continue;
    weights.set(
      node.name,
      tensors.map((tensor) => ({ shape: [...tensor.shape], values: Float32Array.from(tensor.dataSync() as Float32Array) })),
    );
  }
  return weights;
}
