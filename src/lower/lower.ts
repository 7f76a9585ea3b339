/**
 * Lowers a checked program to IR documents: one per model, with the training of the `train`
 * declaration that names it. The checker has resolved and bound everything; this reshapes it into
 * the IR contract (docs/ir.md), makes the lowering decisions (the `input` node of a model that
 * takes its shape from its data, `cosine_decay`'s length), completes from the catalogue any
 * parameter the checker's binding left out (./complete-params.ts: the one place defaults are
 * filled), and validates the result against the schema typed by the same catalogue.
 */
import { DOCUMENT_START, type Diagnostic, type Range, type StageResult } from '../diagnostics/diagnostic.js';
import type { CheckedData, CheckedModel, CheckedProgram, CheckedTrain } from '../check/program.js';
import { defaultCatalogueView } from '../catalogue/catalogue.js';
import type { CatalogueView } from '../catalogue/types.js';
import { IR_VERSION } from '../ir/schema.js';
import type { IrData, IrDocument, IrNode, IrTraining } from '../ir/schema.js';
import { validateIr } from '../ir/validate.js';
import { TRAINING_CODE } from '../diagnostics/codes/training-codes.js';
import { completeCall, completeLayerParams, completeMetricParams } from './complete-params.js';

export interface LowerOptions {
  /** The catalogue the program was checked with; the default catalogue when left out. */
  catalogue?: CatalogueView;
  /** Lower only this model. */
  model?: string;
  /** Use this train declaration (`"<model> on <data>"`, or the data's name) when a model has several. */
  train?: string;
}

/**
 * Lowers every complete model (or the one named in `options.model`). Models the checker
 * could not finish are left out: the checker has reported why.
 */
export function lower(program: CheckedProgram, options: LowerOptions = {}): StageResult<IrDocument[]> {
  const diagnostics: Diagnostic[] = [];
  const documents: IrDocument[] = [];
  const models = options.model === undefined ? program.models : program.models.filter((model) => model.name === options.model);
  if (options.model !== undefined && models.length === 0) {
    diagnostics.push({
      code: TRAINING_CODE.nothingToLower,
      severity: 'error',
      message: `no model \`${options.model}\` in the spec`,
      range: DOCUMENT_START,
      help: program.models.length > 0 ? `models: ${program.models.map((model) => `\`${model.name}\``).join(', ')}` : undefined,
    });
  }
  const catalogue = options.catalogue ?? defaultCatalogueView();
  const dataByName = new Map(program.data.map((data) => [data.name, data]));
  for (const model of models) {
    if (!model.complete || !model.inputShape || !model.outputShape) continue;
    const train = pickTrain(program.trains, model.name, options.train);
    let training: IrTraining | null = null;
    if (train) {
      const data = dataByName.get(train.data);
      if (!train.complete || !data?.complete) continue;
      training = lowerTraining(train, model, data, dataByName, catalogue);
    }
    const document: IrDocument = { format: 'nnspec-ir', version: IR_VERSION, model: lowerModel(model, catalogue), training };
    const validated = validateIr(document, options.catalogue ? { catalogue } : {});
    if (validated.value) documents.push(validated.value);
    else diagnostics.push(...validated.diagnostics.map((diagnostic) => ({ ...diagnostic, range: model.nameRange })));
  }
  return { value: documents, diagnostics };
}

function pickTrain(trains: readonly CheckedTrain[], model: string, wanted: string | undefined): CheckedTrain | undefined {
  const candidates = trains.filter((train) => train.model === model);
  if (wanted === undefined) return candidates[0];
  return candidates.find((train) => `${train.model} on ${train.data}` === wanted || train.data === wanted) ?? candidates[0];
}

function lowerModel(model: CheckedModel, catalogue: CatalogueView): IrDocument['model'] {
  const inputShape = model.inputShape ?? [];
  const nodes: IrNode[] = model.layers.map((layer) => ({
    name: layer.name,
    type: layer.type,
    params: completeLayerParams(layer.type, layer.params, catalogue),
    inputs: layer.inputs,
    inputShapes: layer.inputShapes ?? (layer.type === 'input' ? [] : [layer.inputShape ?? []]),
    outputShape: layer.outputShape ?? [],
    trainableParams: layer.trainableParams,
    nonTrainableParams: layer.nonTrainableParams,
    source: { start: layer.range.start.offset, end: layer.range.end.offset },
  }));
  // A model that takes its shape from its data has no written `input`: the graph gets one, without a source.
  if (nodes[0]?.type !== 'input') {
    const taken = new Set(nodes.map((node) => node.name));
    let count = 1;
    while (taken.has(`input_${count}`)) count++;
    const input: IrNode = {
      name: `input_${count}`,
      type: 'input',
      params: { shape: inputShape },
      inputs: [],
      inputShapes: [],
      outputShape: inputShape,
      trainableParams: 0,
      nonTrainableParams: 0,
    };
    for (const node of nodes) if (node.inputs.length === 0) node.inputs = [input.name];
    nodes.unshift(input);
  }
  return {
    name: model.name,
    inputShape,
    outputShape: model.outputShape ?? [],
    nodes,
    output: model.output ?? nodes[nodes.length - 1]!.name,
    trainableParams: model.trainableParams,
    nonTrainableParams: model.nonTrainableParams,
  };
}

function lowerTraining(
  train: CheckedTrain,
  model: CheckedModel,
  data: CheckedData,
  dataByName: ReadonlyMap<string, CheckedData>,
  catalogue: CatalogueView,
): IrTraining {
  const lossTask = catalogue.loss(train.loss.type)?.task ?? null;
  const units = model.outputShape?.length === 1 ? model.outputShape[0] : null;
  // What the model expects, so the runner can check (and reshape) the data it loads against it (docs/data.md).
  const declaredShape = model.inputShape?.every((axis): axis is number => axis !== null) ? (model.inputShape as number[]) : data.featureShape;
  let classes = data.classes;
  if (classes === null && lossTask === 'classification') classes = train.loss.type === 'binary_crossentropy' ? 2 : units;
  const irData = lowerData(data, dataByName, new Set());
  irData.featureShape = declaredShape;
  irData.classes = classes;
  irData.task = data.task ?? lossTask;
  const schedule = train.schedule ? completeCall('schedule', train.schedule, catalogue) : null;
  // `cosine_decay` without `epochs` decays over the whole run: a lowering decision, made once here.
  if (schedule?.type === 'cosine_decay' && schedule.params.epochs === null) schedule.params = { ...schedule.params, epochs: train.epochs };
  const metricParams = completeMetricParams(train.metrics, train.metricParams, catalogue);
  return {
    data: irData,
    loss: completeCall('loss', train.loss, catalogue),
    metrics: train.metrics,
    ...(Object.keys(metricParams).length > 0 ? { metricParams } : {}),
    optimizer: completeCall('optimizer', train.optimizer, catalogue),
    schedule,
    epochs: train.epochs,
    batchSize: train.batchSize,
    // A rule put together elsewhere (a study's setting) may carry only the parameters it varies.
    earlyStopping: train.earlyStopping ? { ...train.earlyStopping, rule: completeCall('stopping_rule', train.earlyStopping.rule, catalogue) } : null,
    seed: train.seed,
    shuffle: train.shuffle,
  };
}

function lowerData(data: CheckedData, dataByName: ReadonlyMap<string, CheckedData>, seen: Set<string>): IrData {
  seen.add(data.name);
  const testData = typeof data.split.test === 'string' ? dataByName.get(data.split.test) : undefined;
  const test: number | IrData =
    testData && !seen.has(testData.name) ? lowerData(testData, dataByName, seen) : typeof data.split.test === 'number' ? data.split.test : 0;
  return {
    name: data.name,
    source: data.source,
    normalize: data.normalize,
    split: { train: data.split.train, validation: data.split.validation, test, stratify: data.split.stratify },
    limit: data.limit,
    featureShape: data.featureShape,
    classes: data.classes,
    task: data.task,
    features: data.features,
    drop: data.drop,
    impute: data.impute,
    normalizeTarget: data.normalizeTarget,
    classNames: data.classNames,
    sourceSpan: { start: data.range.start.offset, end: data.range.end.offset },
    sourceParamSpans: Object.fromEntries(Object.entries(data.sourceParamRanges).map(([name, range]) => [name, spanOf(range)])),
    optionSpans: optionSpans(data),
  };
}

function spanOf(range: Range): { start: number; end: number } {
  return { start: range.start.offset, end: range.end.offset };
}

/** Where the column options were written, so data diagnostics can point at a column's name. */
function optionSpans(data: CheckedData): IrData['optionSpans'] {
  const ranges = data.optionRanges;
  return {
    ...(ranges.features ? { features: ranges.features.map(spanOf) } : {}),
    ...(ranges.drop ? { drop: ranges.drop.map(spanOf) } : {}),
    ...(ranges.classNames ? { classNames: spanOf(ranges.classNames) } : {}),
  };
}
