/**
 * The checker's output: a spec with every name resolved, defaults filled in, `repeat`
 * blocks unrolled and shapes inferred. Lowering to the IR reads only this.
 */
import type { Range } from '../diagnostics/diagnostic.js';
import type { IrImpute, IrValue } from '../ir/schema.js';

/** A shape without the batch axis; `null` is an axis only known at run time (a sequence length). */
export type Shape = (number | null)[];

/** A catalogue item with resolved parameters (optimizer, loss, schedule, data source). */
export interface CheckedCall {
  type: string;
  params: Record<string, IrValue>;
}

/** A block use a layer was expanded from: `conv_block` used at line 14 (as `a`). */
export interface CheckedBlockUse {
  /** The block's name. */
  block: string;
  /** The use's scope: its output name, or a generated one (`conv_block_1`); prefixes its layers' names. */
  scope: string;
  /** The use (the whole layer-like call). */
  range: Range;
}

/**
 * One node of the model graph after unrolling and block expansion, with resolved parameters
 * and inferred shapes. `CheckedModel.layers` lists them in a topological order (every node
 * after its inputs), which for a plain chain is the written order.
 */
export interface CheckedLayer {
  /**
   * Unique in the model: the name the spec gives (`h = dense(...)` is `h`), else numbered per
   * type in order (`dense_1`, `dropout_2`), skipping names the spec took. Inside a block use,
   * prefixed with the use's scope: `a.conv2d_1`.
   */
  name: string;
  type: string;
  /** Every parameter of the catalogue entry, defaults filled in, normalised as docs/ir.md says. */
  params: Record<string, IrValue>;
  /**
   * The nodes it reads, by name, in order: none for `input`, one for a plain layer, two or more
   * for a merge (`add`, `concatenate`, ...).
   */
  inputs: string[];
  /** The name the spec wrote for this output (`h`), when it wrote one; what the summary and hover show. */
  label?: string;
  /** The shape of its first input; `undefined` when an earlier error left the shape unknown. */
  inputShape?: Shape;
  /** Each input's shape, in the order of `inputs` (set when every one is known). */
  inputShapes?: Shape[];
  outputShape?: Shape;
  trainableParams: number;
  nonTrainableParams: number;
  /** The layer call in the source. */
  range: Range;
  /** The innermost `repeat` block the layer was unrolled from, if any. */
  repeatRange?: Range;
  /** Where each parameter given in the source was written (its value); defaults are absent. */
  paramRanges: Readonly<Record<string, Range>>;
  /** The block uses it was expanded from, outermost first; absent for a layer written in the model. */
  blockUses?: CheckedBlockUse[];
}

export interface CheckedModel {
  name: string;
  /** The whole declaration. */
  range: Range;
  nameRange: Range;
  /** The graph's nodes in a topological order, the `input` node first when the model has one. */
  layers: CheckedLayer[];
  /** The node whose output is the model's output (the last in the chain), when known. */
  output?: string;
  /** The model's input shape: from `input`, else from the data it is trained on. */
  inputShape?: Shape;
  outputShape?: Shape;
  /** Where the input shape came from. */
  inputFrom: 'input' | 'data' | 'none';
  trainableParams: number;
  nonTrainableParams: number;
  /** False when an error in the model left some shape or parameter unresolved. */
  complete: boolean;
}

export type Task = 'classification' | 'regression';

export interface CheckedSplit {
  train: number;
  validation: number;
  /** A fraction, or the name of another data declaration used whole as the test set. */
  test: number | string;
  stratify: boolean;
}

/** A property as written in a block (`normalize: standard`), for pointing at it and removing it. */
export interface GivenProperty {
  name: string;
  /** The whole `key: value`. */
  range: Range;
  /** The value alone; absent when the parser could not read it. */
  valueRange?: Range;
}

export interface CheckedData {
  name: string;
  range: Range;
  nameRange: Range;
  /** The block's properties in source order, as written. */
  properties: readonly GivenProperty[];
  source: CheckedCall;
  /** Where each parameter of `source` given in the spec was written (its value). */
  sourceParamRanges: Readonly<Record<string, Range>>;
  normalize: 'minmax' | 'standard' | 'none';
  split: CheckedSplit;
  /** Where `split.test` names another data declaration, when it does. */
  testRange?: Range;
  limit: number | null;
  /** Known statically for synthetic and builtin sources, `null` when only the file tells. */
  featureShape: number[] | null;
  classes: number | null;
  task: Task | null;
  /** The feature columns kept, in order (`features`); `null` keeps all but the label and `drop`. */
  features: string[] | null;
  /** Columns left out (`drop`). */
  drop: string[];
  /** How missing feature values are filled (`impute`), or `null`. */
  impute: IrImpute | null;
  normalizeTarget: 'standard' | 'none';
  /** `class_names`, in class-index order, or `null`. */
  classNames: string[] | null;
  /** Where the column options were written: each name of `features`/`drop`, and whole values. */
  optionRanges: { features?: Range[]; drop?: Range[]; classNames?: Range; normalizeTarget?: Range };
  complete: boolean;
}

export interface CheckedEarlyStopping {
  monitor: string;
  mode: 'min' | 'max';
  minDelta: number;
  patience: number;
  baseline: number | null;
  restoreBestWeights: boolean;
  startFromEpoch: number;
  /** The stopping rule (`patience`, `gl`, `pq`, `up`), every parameter filled in. */
  rule: CheckedCall;
}

export interface CheckedTrain {
  /** Names as written; they refer to declared models and data when `complete`. */
  model: string;
  data: string;
  range: Range;
  loss: CheckedCall;
  /** Canonical catalogue names, each once, in the order written: the report's keys. */
  metrics: string[];
  /** The parameters of the listed metrics that take any (`top_k_accuracy`: `{ k }`), defaults filled in. */
  metricParams: Record<string, Record<string, IrValue>>;
  optimizer: CheckedCall;
  schedule: CheckedCall | null;
  epochs: number;
  batchSize: number;
  earlyStopping: CheckedEarlyStopping | null;
  seed: number;
  shuffle: boolean;
  complete: boolean;
}

/** One setting of a study: a value for each varied param, and the spec checked with them. */
export interface CheckedStudySetting {
  /** 0-based, in grid order (the first list varies slowest) or sampling order. */
  index: number;
  /** The varied params' values as IR data, by name (a call such as `gl(alpha: 2)` is `{ type, params }`). */
  values: Record<string, IrValue>;
  /** The values as the spec writes them: `rate = 0.5, units = 128`. */
  label: string;
  /** The whole spec checked with this setting; absent when it has errors (they were reported). */
  program?: CheckedProgram;
}

export interface CheckedStudy {
  name: string;
  range: Range;
  nameRange: Range;
  /** The model whose train declaration the study varies ('' when that could not be told). */
  model: string;
  kind: 'grid' | 'random';
  /** The varied params, in the order the study lists them. */
  params: string[];
  settings: CheckedStudySetting[];
  /** The seeds each setting trains with, paired across settings. */
  seeds: number[];
  prune: { rule: 'median'; after: number } | null;
  /** True when every setting checked: the study can be lowered and run. */
  complete: boolean;
}

/** A declared param: its default as IR data (null when unreadable) and where it is declared. */
export interface CheckedParam {
  name: string;
  default: IrValue;
  range: Range;
}

/** A whole checked spec. Partial when the checker reported errors. */
export interface CheckedProgram {
  models: CheckedModel[];
  data: CheckedData[];
  trains: CheckedTrain[];
  /** The spec's params (the program itself is checked with their defaults). */
  params: CheckedParam[];
  /** The spec's studies; each setting carries the program checked with it. */
  studies: CheckedStudy[];
}
