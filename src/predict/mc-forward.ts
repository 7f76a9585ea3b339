/**
 * The forward pass of Monte Carlo dropout (Gal & Ghahramani, 2016): the model's layers called one
 * by one in the IR's order, with ONLY the layers whose training-only effect is dropout (the
 * catalogue's `trainingOnly` rule: `dropout`, `spatial_dropout*`, `gaussian_dropout`,
 * `alpha_dropout`, recurrent `dropout`) in training mode. Batch norm and noise layers stay in
 * inference mode, as in `model.predict`. `model.apply(x, { training: true })` would turn them all
 * on, hence the walk. Browser-safe.
 */
import type * as tf from '@tensorflow/tfjs';
import type { IrDocument, IrNode } from '../ir/schema.js';
import { trainingOnlyEffects } from '../catalogue/layers.js';
import { NEGATE_SUFFIX, TARGET_SCALE_LAYER, buildModel } from '../backend/index.js';
import type { TargetScaling } from '../train/data/preprocessing.js';

/** Whether an IR node drops units while training (and so is on in a Monte Carlo pass). */
export function isDropoutNode(node: IrNode): boolean {
  return trainingOnlyEffects([node]).includes('dropout');
}

/** A model ready for Monte Carlo passes: its layers, seeded afresh, and the walk over them. */
export interface McModel {
  /** One stochastic forward pass of a batch; the caller disposes the result (or runs it in `tf.tidy`). */
  forward(x: tf.Tensor): tf.Tensor;
  /** Whether any layer is on in a pass (without one, every pass is the deterministic prediction). */
  hasDropout: boolean;
  dispose(): void;
}

/**
 * Builds a copy of `trained` from the IR with `seed` (so the dropout layers' mask sequences
 * start afresh from that seed: nnspec's seeded layers draw mask k from the layer's seed and k)
 * and the trained weights, and returns the walk over it. The same seed gives the same masks.
 */
export function createMcModel(ir: IrDocument, trained: tf.LayersModel, seed: number, target: TargetScaling): McModel {
  const targetScaling = target.kind === 'standard' ? { mean: target.mean, std: target.std } : undefined;
  const model = buildModel(ir.model, { seed, targetScaling });
  model.setWeights(trained.getWeights());
  const nodes = ir.model.nodes;
  const hasDropout = nodes.some(isDropoutNode);
  const forward = (x: tf.Tensor): tf.Tensor => {
    const outputs = new Map<string, tf.Tensor>([[nodes[0]!.name, x]]);
    for (const node of nodes.slice(1)) {
      const inputs = node.inputs.map((name) => outputs.get(name)!);
      const training = isDropoutNode(node);
      let output: tf.Tensor;
      if (node.type === 'subtract') {
        // Built as `<name>_negate` (scale -1) then an Add named as the node (backend/layers.ts).
        const negated = model.getLayer(`${node.name}${NEGATE_SUFFIX}`).apply(inputs[1]!) as tf.Tensor;
        output = model.getLayer(node.name).apply([inputs[0]!, negated]) as tf.Tensor;
      } else {
        output = model.getLayer(node.name).apply(inputs.length === 1 ? inputs[0]! : inputs, { training }) as tf.Tensor;
      }
      outputs.set(node.name, output);
    }
    const last = outputs.get(ir.model.output)!;
    return targetScaling !== undefined ? (model.getLayer(TARGET_SCALE_LAYER).apply(last) as tf.Tensor) : last;
  };
  return { forward, hasDropout, dispose: () => model.dispose() };
}
