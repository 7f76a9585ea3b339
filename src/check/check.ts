/**
 * The checker's entry point: resolves a parsed spec into a checked program, reporting every
 * problem of the file in one run, sorted by position.
 */
import type { DataDeclaration, ModelDeclaration, SpecFile, TrainDeclaration } from '../syntax/ast.js';
import type { Range, StageResult } from '../diagnostics/diagnostic.js';
import { sortDiagnostics } from '../diagnostics/diagnostic.js';
import { NAME_CODE } from '../diagnostics/codes/names-codes.js';
import { CheckContext } from './context.js';
import type { CatalogueView } from '../catalogue/types.js';
import { defaultCatalogueView } from '../catalogue/catalogue.js';
import { checkData, checkTestSetProperties, checkTestSets } from './data.js';
import { checkModel } from './model.js';
import type { ModelShapeHint } from './model.js';
import { checkTrain } from './train.js';
import { checkCompatibility } from './compatibility.js';
import { checkColumnOptionsAgainstLoss } from './data-columns.js';
import type { CheckedData, CheckedModel, CheckedProgram } from './program.js';
import { bindParams, collectParams, defaultBinding, reportUnusedParams } from './params.js';
import { checkStudies, valueToIr, type CheckBound } from './study.js';
import { collectBlocks } from './blocks.js';
import type { ModelCheckCache } from './model-check-cache.js';

export interface CheckOptions {
  /** The catalogue to check against; the built-in one by default (tests may pass a smaller one). */
  catalogue?: CatalogueView;
  /**
   * Model checks remembered from earlier runs on versions of the same document (the language
   * server passes one along): a model whose check inputs did not change is not checked again.
   */
  modelCache?: ModelCheckCache;
}

/**
 * Checks a parsed spec. Never throws: problems are diagnostics (codes NN2xxx names and types,
 * NN3xxx shapes, NN40xx training rules). Parts the parser could not read are skipped quietly.
 */
export function check(spec: SpecFile, options: CheckOptions = {}): StageResult<CheckedProgram> {
  const catalogue = options.catalogue ?? defaultCatalogueView();
  const ctx = new CheckContext();
  const cache = options.modelCache;
  cache?.beginRun(catalogue);
  const params = collectParams(ctx, spec, catalogue);
  // Everything but the studies is checked with each param at its default, as `nnspec train` runs it.
  const checkBound: CheckBound = (binding) => checkDeclarations(bindParams(spec, params, binding, catalogue), catalogue, cache);
  const baseline = checkBound(defaultBinding(params));
  ctx.diagnostics.push(...baseline.diagnostics);
  const { studies, varied } = checkStudies(ctx, catalogue, spec, params, baseline.diagnostics, checkBound);
  reportUnusedParams(ctx, params, varied);
  const checkedParams = [...params.values()].map((param) => ({
    name: param.name,
    default: param.value ? valueToIr(param.value) : null,
    range: param.declaration.range,
  }));
  cache?.endRun();
  return { value: { ...baseline.value, params: checkedParams, studies }, diagnostics: sortDiagnostics(ctx.diagnostics) };
}

/** The checker's core: data, model and train declarations, with params already bound. */
function checkDeclarations(spec: SpecFile, catalogue: CatalogueView, cache: ModelCheckCache | undefined): StageResult<CheckedProgram> {
  const ctx = new CheckContext();
  const modelDecls = uniqueDeclarations(
    ctx,
    spec.declarations.filter((d): d is ModelDeclaration => d.kind === 'model'),
    'model',
  );
  const dataDecls = uniqueDeclarations(
    ctx,
    spec.declarations.filter((d): d is DataDeclaration => d.kind === 'data'),
    'data',
  );
  const trainDecls = spec.declarations.filter((d): d is TrainDeclaration => d.kind === 'train');

  const dataNames = [...dataDecls.keys()];
  const data = new Map<string, CheckedData>();
  for (const [name, declaration] of dataDecls) data.set(name, checkData(ctx, catalogue, declaration, name, dataNames));
  checkTestSets(ctx, data);

  const blocks = collectBlocks(ctx, catalogue, spec);
  const models = new Map<string, CheckedModel>();
  for (const [name, declaration] of modelDecls) {
    const hint = shapeHint(name, trainDecls, data);
    models.set(
      name,
      cache
        ? cache.check(ctx, declaration, name, hint, blocks, (sink, memo) => checkModel(sink, catalogue, declaration, name, hint, blocks, memo))
        : checkModel(ctx, catalogue, declaration, name, hint, blocks),
    );
  }

  const trains = [];
  for (const declaration of trainDecls) {
    const { train, lossRange } = checkTrain(ctx, catalogue, declaration, models, data);
    const model = models.get(train.model);
    if (model) checkCompatibility(ctx, catalogue, train, model, data.get(train.data), lossRange);
    const outputUnits = model?.complete && model.outputShape?.length === 1 ? model.outputShape[0] : null;
    checkColumnOptionsAgainstLoss(ctx, catalogue, train.loss.type, outputUnits, data.get(train.data));
    trains.push(train);
  }
  checkTestSetProperties(ctx, data, new Set(trainDecls.flatMap((declaration) => (declaration.data ? [declaration.data.name] : []))));
  reportUnused(ctx, modelDecls, dataDecls, trainDecls, data);
  return {
    value: { models: [...models.values()], data: [...data.values()], trains, params: [], studies: [] },
    diagnostics: sortDiagnostics(ctx.diagnostics),
  };
}

/** Keeps the first declaration of each name; later ones are reported (and still checked apart). */
function uniqueDeclarations<T extends ModelDeclaration | DataDeclaration>(ctx: CheckContext, declarations: T[], what: string): Map<string, T> {
  const byName = new Map<string, T>();
  for (const declaration of declarations) {
    if (!declaration.name) continue;
    const first = byName.get(declaration.name.name);
    if (first?.name) {
      ctx.report({
        code: NAME_CODE.duplicateDeclaration,
        message: `${what} \`${declaration.name.name}\` is declared twice`,
        range: declaration.name.range,
        label: 'declared again here',
        labels: [{ range: first.name.range, message: `\`${declaration.name.name}\` first declared here` }],
        help: `rename one of the ${what === 'model' ? 'models' : 'data blocks'}`,
      });
      continue;
    }
    byName.set(declaration.name.name, declaration);
  }
  return byName;
}

/** A model without `input` takes its shape from the first data it is trained on that has one. */
function shapeHint(model: string, trains: readonly TrainDeclaration[], data: ReadonlyMap<string, CheckedData>): ModelShapeHint | undefined {
  for (const train of trains) {
    if (train.model?.name !== model || !train.data) continue;
    const checked = data.get(train.data.name);
    if (checked?.featureShape) return { featureShape: checked.featureShape, dataName: checked.name };
  }
  return undefined;
}

function reportUnused(
  ctx: CheckContext,
  models: ReadonlyMap<string, ModelDeclaration>,
  dataDecls: ReadonlyMap<string, DataDeclaration>,
  trains: readonly TrainDeclaration[],
  data: ReadonlyMap<string, CheckedData>,
): void {
  const usedModels = new Set(trains.map((train) => train.model?.name));
  const usedData = new Set<string | undefined>(trains.map((train) => train.data?.name));
  for (const checked of data.values()) if (typeof checked.split.test === 'string') usedData.add(checked.split.test);
  const warnUnused = (name: string, range: Range, what: 'model' | 'data'): void =>
    ctx.report({
      code: what === 'model' ? NAME_CODE.unusedModel : NAME_CODE.unusedData,
      message: `${what} \`${name}\` is never used`,
      range,
      label: `unused ${what}`,
      help:
        what === 'model' ? `train it (\`train ${name} on ... { ... }\`) or remove it` : `use it in a \`train\` block (\`train ... on ${name}\`) or remove it`,
    });
  // A train declaration whose names the parser could not read may well use them: stay quiet then.
  const modelUnreadable = trains.some((train) => !train.model);
  const dataUnreadable = trains.some((train) => !train.data);
  if (!modelUnreadable)
    for (const [name, declaration] of models) if (!usedModels.has(name)) warnUnused(name, declaration.name?.range ?? declaration.keywordRange, 'model');
  if (!dataUnreadable)
    for (const [name, declaration] of dataDecls) if (!usedData.has(name)) warnUnused(name, declaration.name?.range ?? declaration.keywordRange, 'data');
}
