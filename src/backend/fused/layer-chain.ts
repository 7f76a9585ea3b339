/** A model's layers as one chain, the shape both fused paths (forward and whole step) need. Browser-safe. */
import type * as tf from '@tensorflow/tfjs';

interface NodeInternals {
  inboundLayers: tf.layers.Layer[];
}

/** The model's layers as a single chain (input layer excluded), or null when it is not one. */
export function layerChainOf(model: tf.LayersModel): tf.layers.Layer[] | null {
  const layers = model.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return null;
  let previous: tf.layers.Layer | null = null;
  for (const layer of layers) {
    const nodes = (layer as unknown as { inboundNodes: NodeInternals[] }).inboundNodes;
    if (nodes.length !== 1) return null;
    const inbound = nodes[0].inboundLayers;
    if (previous === null) {
      if (inbound.length !== 1 || inbound[0].getClassName() !== 'InputLayer') return null;
    } else if (inbound.length !== 1 || inbound[0] !== previous) {
      return null;
    }
    previous = layer;
  }
  return layers;
}
