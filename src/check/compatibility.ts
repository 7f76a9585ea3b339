/**
 * The rules that tie a model, its data and its loss together: the input fits one example,
 * the output has one unit per class (or one value), and the loss suits the output activation.
 */
import type { Range } from '../diagnostics/diagnostic.js';
import { SHAPE_CODE } from '../diagnostics/codes/shapes-codes.js';
import { TRAINING_CODE } from '../diagnostics/codes/training-codes.js';
import type { CheckContext } from './context.js';
import { replaceFix } from './context.js';
import type { CatalogueView } from '../catalogue/types.js';
import type { CheckedData, CheckedLayer, CheckedModel, CheckedTrain, Task } from './program.js';

/** Layers that pass values through without changing what the output means. */
const PASS_THROUGH = new Set(['dropout', 'gaussian_dropout', 'alpha_dropout', 'gaussian_noise', 'spatial_dropout1d', 'flatten', 'reshape']);

/** The activation the model ends with (`linear` when the last computing layer has none). */
export function finalActivation(model: CheckedModel): { activation: string; layer?: CheckedLayer } {
  for (let index = model.layers.length - 1; index >= 0; index--) {
    const layer = model.layers[index];
    if (PASS_THROUGH.has(layer.type)) continue;
    const activation = layer.params.activation;
    return { activation: typeof activation === 'string' ? activation : 'linear', layer };
  }
  return { activation: 'linear' };
}

/** The last layer that sets the number of output units, and where its units are written. */
function outputLayer(model: CheckedModel): CheckedLayer | undefined {
  for (let index = model.layers.length - 1; index >= 0; index--) {
    const layer = model.layers[index];
    if (!PASS_THROUGH.has(layer.type) && layer.type !== 'activation') return layer;
  }
  return undefined;
}

/** What the loss needs from the data: the task, and how many output units per class count. */
export interface LossFacts {
  task: Task;
  /** `binary_crossentropy`: one unit for two classes. */
  binary: boolean;
}

/** Checks model against data and loss for one train declaration. */
export function checkCompatibility(
  ctx: CheckContext,
  catalogue: CatalogueView,
  train: CheckedTrain,
  model: CheckedModel,
  data: CheckedData | undefined,
  lossRange: Range | undefined,
): void {
  if (data?.complete && data.featureShape && model.inputFrom === 'input' && model.inputShape) {
    const inputLayer = model.layers[0];
    const declared = count(model.inputShape);
    const actual = count(data.featureShape);
    if (declared !== null && actual !== null && declared !== actual) {
      ctx.report({
        code: SHAPE_CODE.inputDataMismatch,
        message: `input shape [${model.inputShape.join(', ')}] holds ${declared} values, but one example of data \`${data.name}\` has ${actual} ([${data.featureShape.join(', ')}])`,
        range: inputLayer.range,
        label: `expected ${actual} values`,
        labels: [{ range: data.nameRange, message: `data \`${data.name}\` declared here` }],
        help: `use \`input(shape: [${data.featureShape.join(', ')}])\``,
      });
    }
  }
  if (data) checkIndexInputsNotNormalized(ctx, catalogue, model, data);
  const lossView = train.loss.type ? catalogue.loss(train.loss.type) : undefined;
  if (!lossView || !lossRange) return;
  const loss = train.loss.type;
  const binary = loss === 'binary_crossentropy';
  const task = lossView.task;
  if (data?.complete && data.task && data.task !== task) {
    if (task === 'classification') {
      ctx.report({
        code: SHAPE_CODE.lossDataMismatch,
        message: `\`${loss}\` needs classes, but data \`${data.name}\` is a regression`,
        range: lossRange,
        label: 'classification loss',
        labels: [{ range: data.nameRange, message: `data \`${data.name}\` declared here` }],
        help: 'use a regression loss: `mean_squared_error`, `mean_absolute_error` or `huber`',
      });
      return;
    }
    ctx.report({
      code: SHAPE_CODE.lossOutputMismatch,
      message: `\`${loss}\` is a regression loss, but data \`${data.name}\` is a classification`,
      range: lossRange,
      label: 'regression loss',
      help: 'use `categorical_crossentropy` (or `binary_crossentropy` for two classes)',
    });
    return;
  }
  if (binary && data?.complete && data.classes !== null && data.classes !== 2) {
    ctx.report({
      code: SHAPE_CODE.lossDataMismatch,
      message: `\`binary_crossentropy\` needs 2 classes, but data \`${data.name}\` has ${data.classes}`,
      range: lossRange,
      label: 'two-class loss',
      help: 'use `categorical_crossentropy` with a `softmax` output',
    });
    return;
  }
  if (!model.complete || !model.outputShape) return;
  const output = model.outputShape;
  const units = output.length === 1 ? output[0] : null;
  const last = outputLayer(model);
  const unitsRange = last ? (last.paramRanges.units ?? last.range) : undefined;
  if (output.length !== 1) {
    ctx.report({
      code: SHAPE_CODE.outputClassesMismatch,
      message: `the model's output has shape [${output.join(', ')}], but \`${loss}\` needs a vector`,
      range: unitsRange ?? model.nameRange,
      label: 'not a vector',
      help: 'end the model with `flatten()` and `dense(...)`, or a global pooling layer',
    });
    return;
  }
  if (units === null) return;
  // Binary cross-entropy on a softmax over many units still runs (the labels broadcast); the
  // activation check below warns about it, which says more than a unit count would.
  const binaryOnWideSoftmax = binary && units > 2 && finalActivation(model).activation === 'softmax';
  if (data?.complete && !binaryOnWideSoftmax) {
    const expected = task === 'regression' || binary ? 1 : data.classes;
    if (expected !== null && units !== expected && !(binary && units === 2)) {
      const what =
        task === 'regression'
          ? 'a regression has one target'
          : binary
            ? 'a two-class `binary_crossentropy` has one output'
            : `data \`${data.name}\` has ${expected} classes`;
      ctx.report({
        code: SHAPE_CODE.outputClassesMismatch,
        message: `the model outputs ${units} value${units === 1 ? '' : 's'}, but ${what}`,
        range: unitsRange ?? model.nameRange,
        label: `${units} output${units === 1 ? '' : 's'}, expected ${expected}`,
        labels: [{ range: data.nameRange, message: `data \`${data.name}\` declared here` }],
        help: `make the last layer output ${expected} value${expected === 1 ? '' : 's'}`,
        fixes: last?.paramRanges.units ? [replaceFix(`use ${expected} units`, last.paramRanges.units, String(expected))] : undefined,
      });
      return;
    }
  }
  checkActivation(ctx, model, loss, task, binary, units, lossRange);
}

/**
 * A model whose first layer looks its inputs up as indices (an `embedding`, the catalogue's
 * `indexBound`) cannot take normalised data: minmax and standard scaling turn indices into
 * fractions (NN4020, an error: no table row matches them).
 */
function checkIndexInputsNotNormalized(ctx: CheckContext, catalogue: CatalogueView, model: CheckedModel, data: CheckedData): void {
  if (data.normalize === 'none') return;
  const first = model.layers[0]?.type === 'input' ? model.layers[1] : model.layers[0];
  const bound = first ? catalogue.layer(first.type)?.indexBound : undefined;
  const normalize = data.properties.find((property) => property.name === 'normalize');
  if (!first || !bound || !normalize) return;
  ctx.report({
    code: TRAINING_CODE.indexInputsNormalized,
    message: `\`normalize: ${data.normalize}\` turns the token indices of data \`${data.name}\` into fractions, but model \`${model.name}\` starts with \`${first.type}\``,
    range: normalize.range,
    label: 'rescales the token indices',
    labels: [{ range: first.range, message: `looks its inputs up as indices 0 to \`${bound}\` - 1` }],
    help: 'use `normalize: none`: an embedding needs the indices as they are',
    fixes: normalize.valueRange ? [replaceFix('use `normalize: none`', normalize.valueRange, 'none')] : undefined,
  });
}

function checkActivation(ctx: CheckContext, model: CheckedModel, loss: string, task: Task, binary: boolean, units: number, lossRange: Range): void {
  const { activation, layer } = finalActivation(model);
  const labels = layer ? [{ range: layer.range, message: `the output layer \`${layer.name}\` uses \`${activation}\`` }] : undefined;
  const warn = (message: string, help: string): void =>
    ctx.report({ code: SHAPE_CODE.lossOutputMismatch, message, range: lossRange, label: 'loss', labels, help });
  if (task === 'classification' && !binary) {
    if (activation === 'sigmoid' && units > 1) {
      warn(`\`${loss}\` after \`sigmoid\` on ${units} units: the outputs do not add up to 1`, 'use `activation: softmax` on the output layer');
    } else if (activation !== 'softmax') {
      warn(`\`${loss}\` expects probabilities, but the output activation is \`${activation}\``, 'use `activation: softmax` on the output layer');
    }
    return;
  }
  if (binary) {
    if (activation === 'softmax' && units > 2) warn(`\`binary_crossentropy\` on a \`softmax\` over ${units} units`, 'use `categorical_crossentropy`');
    else if (activation === 'softmax' && units === 1) warn('`softmax` over 1 unit always outputs 1', 'use `activation: sigmoid` on the output layer');
    else if (activation !== 'sigmoid' && activation !== 'softmax')
      warn(`\`binary_crossentropy\` expects a probability, but the output activation is \`${activation}\``, 'use `activation: sigmoid` on the output layer');
    return;
  }
  if (activation === 'softmax') {
    warn(
      `\`${loss}\` on a \`softmax\` output: a regression target is not a probability distribution`,
      'use a linear output (no activation), or a classification loss',
    );
  }
}

function count(shape: readonly (number | null)[]): number | null {
  let product = 1;
  for (const axis of shape) {
    if (axis === null) return null;
    product *= axis;
  }
  return product;
}
