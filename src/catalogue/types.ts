/**
 * The shape of the catalogue: entries with typed parameters, layer shape rules and counts,
 * data sources with their static shapes. Everything that needs a catalogue fact reads it
 * through {@link CatalogueView}, so no stage keeps facts of its own.
 */
import type { IrValue } from '../ir/schema.js';

/**
 * A shape without the batch axis; `null` is an axis only known at run time. (The checker's
 * `Shape` is the same type; the catalogue defines its own so it depends on no later stage.)
 */
export type Shape = (number | null)[];

/** What a data set or loss is for. */
export type Task = 'classification' | 'regression';

/** The type of a parameter's value, as the checker validates and normalises it. */
export type ParamType =
  | { kind: 'int' }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'string' }
  /** `group` names a shared value set (`activation`), which messages and docs can name instead of listing. */
  | { kind: 'enum'; values: readonly string[]; group?: 'activation' }
  /** A list of positive whole numbers (`shape`, `target_shape`). */
  | { kind: 'shape' }
  /** A whole number or a list of `rank` of them, normalised to the list (`kernel_size`). */
  | { kind: 'size'; rank: number }
  | { kind: 'initializer' }
  | { kind: 'regularizer' }
  /** A free name (a monitored quantity such as `val_loss`). */
  | { kind: 'name' };

/** One parameter of a catalogue entry. */
export interface ParamView {
  name: string;
  type: ParamType;
  /** Required parameters have no default. */
  required: boolean;
  /** The default, already normalised as the IR wants it; `null` for an optional value left out. */
  default?: IrValue;
  /** Index among positional arguments, when the parameter may be given by position. */
  position?: number;
  /** Inclusive and exclusive bounds for numbers (and every entry of a size). */
  min?: number;
  max?: number;
  minExclusive?: number;
  maxExclusive?: number;
  /** Whether `none` is accepted (and means `null`). */
  nullable?: boolean;
  /**
   * The accepted values in words, for options the checker validates by their own rules (a
   * `split` object, a loss call); `describeParam` uses it instead of the type's words.
   */
  accepts?: string;
  doc: string;
}

/** An entry with parameters: a layer, optimizer, loss, schedule, initializer, regularizer, source. */
export interface EntryView {
  name: string;
  params: readonly ParamView[];
  doc: string;
  /** Other names that mean this entry (`mse` for `mean_squared_error`); lookups accept them. */
  aliases?: readonly string[];
}

/** Why a layer cannot take its input: decides the diagnostic code. */
export type ShapeProblem = 'rank' | 'window' | 'reshape' | 'time-axis' | 'other';

/**
 * Why a layer cannot take its input. `error` is the message; `help` a fix when the layer knows
 * one (`insert \`flatten()\` before this layer`); `param` the parameter at fault, if any.
 */
export interface ShapeError {
  error: string;
  problem: ShapeProblem;
  help?: string;
  param?: string;
}

export type ShapeResult = { shape: Shape } | ShapeError;

/** How a layer maps onto TF.js (informative: the backend builds it, the docs print it). */
export interface TfjsMapping {
  /** The TF.js layer class (`Dense`, `Conv2D`, ...). */
  className: string;
  /** Where nnspec's choice differs from TF.js's own default, and why. */
  note?: string;
}

/**
 * Something a layer does only in training mode: `dropout` zeroes or scales values at random,
 * `noise` adds random values. A training loss measured in training mode includes it.
 */
export type TrainingOnlyEffect = 'dropout' | 'noise';

/**
 * A layer's training-only behaviour: it does `effect` while training whenever one of the
 * parameters `whenPositive` is above 0 (a rate of 0 does nothing).
 */
export interface TrainingOnlyRule {
  effect: TrainingOnlyEffect;
  whenPositive: readonly string[];
}

/**
 * How a merge layer (`add`, `concatenate`, ...) combines two or more inputs. The checker and
 * the LSP read it; a layer without one takes exactly one input.
 */
export interface MergeRule {
  /** The fewest inputs it takes (2 for every merge). */
  minInputs: number;
  /** The most inputs it takes, when bounded (`subtract` takes exactly 2). */
  maxInputs?: number;
  /**
   * The output shape for its inputs' shapes (in order) and resolved parameters, or why they
   * cannot be merged; `input` is then the index of the first input that disagrees with input 0.
   */
  outputShape(inputs: readonly Shape[], params: Readonly<Record<string, IrValue>>): ShapeResult & { input?: number };
}

export interface LayerView extends EntryView {
  /** Set for a merge layer: it reads the chain's output and the named outputs it lists. */
  merge?: MergeRule;
  /** The rank of input the layer takes, in words (`a vector [features]`); absent when any rank goes. */
  expectsRank?: string;
  /** The shape rule in words, for hover and docs/catalogue.md. */
  shapeRule: string;
  /**
   * Set when the layer looks its inputs up as whole-number indices (an `embedding`): the
   * parameter that bounds them, indices running from 0 to its value minus 1 (`input_dim`).
   */
  indexBound?: string;
  /** The TF.js layer it becomes. */
  tfjs: TfjsMapping;
  /** Fills parameters whose default depends on others (a pool's `strides` is its `pool_size`). */
  completeParams?(params: Record<string, IrValue>): Record<string, IrValue>;
  /** What the layer does only while training, and when; absent for layers that never differ. */
  trainingOnly?: TrainingOnlyRule;
  /** The output shape for an input shape and resolved parameters, or why there is none. */
  outputShape(input: Shape, params: Readonly<Record<string, IrValue>>): ShapeResult;
  /**
   * Parameter counts for an input shape and resolved parameters, as TF.js counts them (`output`,
   * the layer's output shape, is passed for rules that need it; no v1 layer does).
   */
  countParams(input: Shape, params: Readonly<Record<string, IrValue>>, output?: Shape): { trainable: number; nonTrainable: number };
}

/** What is known about a data source before loading it. */
export interface SourceView extends EntryView {
  featureShape(params: Readonly<Record<string, IrValue>>): number[] | null;
  classes(params: Readonly<Record<string, IrValue>>): number | null;
  /** How many examples the source holds, when known before loading (a bundled set, a generator's `samples`). */
  examples?(params: Readonly<Record<string, IrValue>>): number | null;
  task: Task | null;
  /**
   * The source's features are named columns (a CSV header), so `features`, `drop` and `impute`
   * apply to it; absent for sources whose features are positions (pixels, generated points).
   */
  namedColumns?: boolean;
}

export interface LossView extends EntryView {
  /** What targets the loss trains on. */
  task: Task;
  /** How labels are given: one-hot rows, class indices, 0/1 values, or real-valued targets. */
  labels: 'one-hot' | 'index' | 'binary' | 'value';
  /** The output layer it fits: its activation and how many units (one per class, one, or one per target). */
  output: { activation: 'softmax' | 'sigmoid' | 'linear'; units: 'classes' | 'one' | 'targets' };
  /**
   * Regression losses: the power of the target's unit the loss is in (2 for a squared error,
   * 1 for an absolute one). Scaling target and prediction by `c` scales the loss by `c^power`,
   * which is what lets `normalize_target` train on a standardised target exactly.
   */
  targetUnitPower?: 1 | 2;
}

/**
 * A metric: the task it fits, which losses of that task (by their label kind) when not all,
 * and whether a higher value is better (what `mode: auto` watches for).
 */
export interface MetricView extends EntryView {
  /** The task whose losses it fits. */
  task: Task;
  /**
   * The label kinds of the losses it fits, when only some of the task's do: `auc` ranks the
   * positive class of a two-class loss (`binary`), `top_k_accuracy` needs many classes.
   */
  labels?: readonly LossView['labels'][];
  /** Why it needs those labels, for the message when a loss has others. */
  labelsReason?: string;
  /** Whether a higher value is better (`accuracy`), or a lower one (`mae`). */
  higherIsBetter: boolean;
  /** The task's headline metric: shown next to the losses and at the end of a run (`accuracy`, `mae`). */
  headline?: boolean;
}

/**
 * An early-stopping rule (`patience`, `gl`, `pq`, `up`): its parameters, and the facts the
 * checker needs to judge a use of it.
 */
export interface StoppingRuleView extends EntryView {
  /**
   * The rule measures a ratio to the best value (Prechelt's GL), which only makes sense for a
   * value that is minimised and positive, like a loss: a maximised monitor is an error (NN4405).
   */
  minimisedMonitorOnly: boolean;
  /**
   * Prechelt's criteria judge generalization, so they are meant for a validation monitor
   * (`val_*`); a training monitor draws a warning (NN4408).
   */
  validationMonitor: boolean;
  /**
   * The first counted epoch (after `start_from_epoch`) at which the rule can stop, for
   * resolved parameters; `patience` is the `early_stopping` option of that name. The checker
   * warns when the run is shorter (NN4407).
   */
  firstStop(params: Readonly<Record<string, IrValue>>, patience: number): number;
  /**
   * The `early_stopping` options the rule reads besides `monitor`, `mode`, `min_delta`,
   * `restore_best_weights` and `start_from_epoch`; the others are ignored with a warning (NN4406).
   */
  readsOptions: readonly string[];
}

/** A block's options (`data`, `train`, `split`, `early_stopping`). */
export interface OptionsView {
  options: readonly ParamView[];
}

export interface CatalogueView {
  layer(name: string): LayerView | undefined;
  layerNames: readonly string[];
  optimizer(name: string): EntryView | undefined;
  optimizerNames: readonly string[];
  loss(name: string): LossView | undefined;
  lossNames: readonly string[];
  metricNames: readonly string[];
  metric(name: string): MetricView | undefined;
  activationNames: readonly string[];
  activation(name: string): EntryView | undefined;
  schedule(name: string): EntryView | undefined;
  scheduleNames: readonly string[];
  initializer(name: string): EntryView | undefined;
  initializerNames: readonly string[];
  regularizer(name: string): EntryView | undefined;
  regularizerNames: readonly string[];
  source(name: string): SourceView | undefined;
  sourceNames: readonly string[];
  dataOptions: readonly ParamView[];
  trainOptions: readonly ParamView[];
  splitOptions: readonly ParamView[];
  earlyStoppingOptions: readonly ParamView[];
  /** An early-stopping rule (`rule:` of `early_stopping`) by name. */
  stoppingRule(name: string): StoppingRuleView | undefined;
  stoppingRuleNames: readonly string[];
  /** The options of a `study` block. */
  studyOptions: readonly ParamView[];
  /** A sampling domain of `random:` (`log_uniform`, `choice`, ...). */
  studyDomain(name: string): EntryView | undefined;
  studyDomainNames: readonly string[];
  /** A pruning rule of `prune:` (`median`). */
  pruneRule(name: string): EntryView | undefined;
  pruneRuleNames: readonly string[];
  /** The closest known name, for "did you mean". */
  suggest(name: string, candidates: readonly string[]): string | undefined;
}
