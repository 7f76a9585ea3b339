/** One IR node (not the input) as ONNX nodes: the dispatch on the catalogue's layer types. */
import {
  emitActivationLayer,
  emitBatchNorm,
  emitDense,
  emitEmbedding,
  emitFlatten,
  emitGlobalPool,
  emitIdentity,
  emitLayerNorm,
  emitMerge,
  emitReshape,
} from './basic-layers.js';
import type { EmitContext } from './emit-context.js';
import { emitRecurrent } from './recurrent-layers.js';
import { emitConv, emitPool } from './spatial-layers.js';

/**
 * Emits the node's layer and returns the value name of its output.
 *
 * @throws ExportProblem when its weights do not fit or ONNX cannot express it; Error for a layer
 *   type the catalogue does not have (a bug: the checker rejects those).
 */
export function emitLayer(ctx: EmitContext): string {
  switch (ctx.node.type) {
    case 'dense':
      return emitDense(ctx);
    case 'activation':
      return emitActivationLayer(ctx);
    case 'flatten':
      return emitFlatten(ctx);
    case 'reshape':
      return emitReshape(ctx);
    case 'dropout':
    case 'gaussian_dropout':
    case 'alpha_dropout':
    case 'gaussian_noise':
    case 'spatial_dropout1d':
    case 'spatial_dropout2d':
      return emitIdentity(ctx);
    case 'batch_norm':
      return emitBatchNorm(ctx);
    case 'layer_norm':
      return emitLayerNorm(ctx);
    case 'conv1d':
      return emitConv(ctx, 1);
    case 'conv2d':
      return emitConv(ctx, 2);
    case 'max_pool1d':
      return emitPool(ctx, 'MaxPool', 1);
    case 'max_pool2d':
      return emitPool(ctx, 'MaxPool', 2);
    case 'avg_pool1d':
      return emitPool(ctx, 'AveragePool', 1);
    case 'avg_pool2d':
      return emitPool(ctx, 'AveragePool', 2);
    case 'global_avg_pool1d':
    case 'global_average_pool1d':
      return emitGlobalPool(ctx, 'ReduceMean', 1);
    case 'global_max_pool1d':
      return emitGlobalPool(ctx, 'ReduceMax', 1);
    case 'global_avg_pool2d':
    case 'global_average_pool2d':
      return emitGlobalPool(ctx, 'ReduceMean', 2);
    case 'global_max_pool2d':
      return emitGlobalPool(ctx, 'ReduceMax', 2);
    case 'embedding':
      return emitEmbedding(ctx);
    case 'simple_rnn':
    case 'lstm':
    case 'gru':
      return emitRecurrent(ctx, ctx.node.type);
    case 'add':
    case 'subtract':
    case 'multiply':
    case 'average':
    case 'maximum':
    case 'minimum':
    case 'concatenate':
      return emitMerge(ctx);
    default:
      throw new Error(`nnspec onnx: no ONNX mapping for layer type '${ctx.node.type}'`);
  }
}
