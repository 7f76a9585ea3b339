import type { DiagnosticCodeInfo } from './code-info.js';

/** The training-rule codes by name, so the checker never spells a code by hand. */
export const TRAINING_CODE = {
  monitorNeedsValidation: 'NN4001',
  monitorNotComputed: 'NN4002',
  splitLeavesDataUnused: 'NN4003',
  stratifyRegression: 'NN4006',
  featuresAndDrop: 'NN4030',
  labelColumnSelected: 'NN4031',
  repeatedName: 'NN4032',
  needsNamedColumns: 'NN4033',
  targetScalingOnClasses: 'NN4034',
  classNamesCount: 'NN4035',
  classNamesOnRegression: 'NN4036',
  emptyNameList: 'NN4037',
  invalidIr: 'NN4401',
  irVersion: 'NN4402',
  nothingToLower: 'NN4403',
} as const;

/** One of the codes in {@link TRAINING_CODE}. */
export type TrainingCode = (typeof TRAINING_CODE)[keyof typeof TRAINING_CODE];

/** NN40xx-NN44xx: training rules checked before training. */
export const TRAINING_CODES: readonly DiagnosticCodeInfo[] = [
  {
    code: 'NN4001',
    title: 'monitoring a validation value without a validation split',
    severity: 'error',
    explanation: `Early stopping or \`reduce_on_plateau\` monitors a \`val_*\` value, but the data has no validation split, so the value is never computed and the rule can never act.

\`\`\`
data d {
  source: builtin.iris
  split: { train: 0.8, validation: 0, test: 0.2 }
}
train m on d {
  ...
  early_stopping: { monitor: val_loss, patience: 5 }
}
\`\`\`

Hold out a validation split (\`validation: 0.2\`), or monitor a training value (\`monitor: loss\`, which cannot detect overfitting).`,
  },
  {
    code: 'NN4002',
    title: 'monitored metric is not computed',
    severity: 'error',
    explanation: `A monitor (early stopping, \`reduce_on_plateau\`) names a metric that the training does not compute: only \`loss\`, \`val_loss\` and the metrics listed in \`metrics\` (with and without \`val_\`) exist.

\`\`\`
train m on d {
  metrics: [mae]
  early_stopping: { monitor: val_accuracy }
}
\`\`\`

Add the metric (\`metrics: [accuracy]\`) or monitor one that is computed.`,
  },
  {
    code: 'NN4003',
    title: 'split leaves data unused',
    severity: 'warning',
    explanation: `The \`train\`, \`validation\` and \`test\` fractions add up to less than 1, so part of the data is never used. This is allowed (for quick experiments) but is usually a mistake.

\`\`\`
split: { train: 0.6, validation: 0.2, test: 0.1 }
\`\`\`

Make the fractions add up to 1, or use \`limit\` to train on fewer examples on purpose.`,
  },
  {
    code: 'NN4006',
    title: 'stratify on regression data',
    severity: 'warning',
    explanation: `\`stratify: true\` balances classes across the splits; a regression data set has no classes, so it is ignored.

\`\`\`
data d {
  source: synthetic.sine
  split: { train: 0.8, validation: 0.2, stratify: true }
}
\`\`\`

Remove \`stratify\`.`,
  },
  {
    code: 'NN4030',
    title: 'both features and drop given',
    severity: 'error',
    explanation: `A data block gives both \`features\` (the columns to keep) and \`drop\` (the columns to leave out). Either one says everything: with \`features\` every other column is already left out.

\`\`\`
data houses {
  source: csv(path: "houses.csv", label: "price")
  features: ["rooms", "area"]
  drop: ["id"]
}
\`\`\`

Keep one of them: \`features: ["rooms", "area"]\`, or \`drop: ["id"]\` to keep every other column.`,
  },
  {
    code: 'NN4031',
    title: 'the label column listed as a feature column',
    severity: 'error',
    explanation: `\`features\` or \`drop\` names the source's label column. The label is never a feature, so it can be neither kept nor dropped as one.

\`\`\`
data houses {
  source: csv(path: "houses.csv", label: "price")
  features: ["rooms", "price"]
}
\`\`\`

Remove the label's name from the list.`,
  },
  {
    code: 'NN4032',
    title: 'name listed twice',
    severity: 'error',
    explanation: `A column in \`features\` or \`drop\`, or a class in \`class_names\`, is listed twice. A column cannot be kept twice, and two classes cannot share a name (reports name classes).

\`\`\`
features: ["rooms", "area", "rooms"]
\`\`\`

Remove the second one.`,
  },
  {
    code: 'NN4033',
    title: 'option needs a source with named columns',
    severity: 'error',
    explanation: `\`features\`, \`drop\` and \`impute\` act on named columns, which only a \`csv\` source has. The features of generated, built-in and IDX data are positions (pixels, coordinates), and never missing.

\`\`\`
data d {
  source: builtin.iris
  drop: ["sepal_length"]
}
\`\`\`

Remove the option, or load the data from a CSV file.`,
  },
  {
    code: 'NN4034',
    title: 'target normalisation on a classification',
    severity: 'error',
    explanation: `\`normalize_target: standard\` standardises a regression target (a real value). Class labels are indices or names: there is nothing to standardise, and a classification loss needs them as they are.

\`\`\`
data d {
  source: builtin.iris
  normalize_target: standard
}
\`\`\`

Remove \`normalize_target\`, or train with a regression loss on a numeric target.`,
  },
  {
    code: 'NN4035',
    title: 'wrong number of class names',
    severity: 'error',
    explanation: `\`class_names\` must name every class once, in class-index order. The number of classes is known here (from the source, or from the model's output and the loss) and differs from the number of names.

\`\`\`
data d {
  source: builtin.digits
  class_names: ["zero", "one"]
}
\`\`\`

Give one name per class (ten for digits).`,
  },
  {
    code: 'NN4036',
    title: 'class names on a regression',
    severity: 'error',
    explanation: `\`class_names\` names classes, and a regression has none: its target is a value.

\`\`\`
data d {
  source: synthetic.sine
  class_names: ["low", "high"]
}
\`\`\`

Remove \`class_names\`.`,
  },
  {
    code: 'NN4037',
    title: 'too few names in a list',
    severity: 'error',
    explanation: `\`features\` must keep at least one column, and \`class_names\` must name at least two classes.

\`\`\`
features: []
\`\`\`

Name the columns to keep (or remove \`features\` to keep them all).`,
  },
  {
    code: 'NN4401',
    title: 'invalid IR document',
    severity: 'error',
    explanation: `An IR document (\`<model>.ir.json\`) does not match the IR schema, usually because it was edited by hand. The message names the path inside the document and what was expected:

\`\`\`
model.layers[2].params.units: expected a number
\`\`\`

Fix the value at that path, or better, compile the spec again (\`nnspec compile\`): the IR is generated, not written by hand.`,
  },
  {
    code: 'NN4402',
    title: 'unsupported IR version',
    severity: 'error',
    explanation: `The IR document was written by a different version of nnspec (its \`version\` field differs from the version this nnspec reads). An older document is not upgraded silently, since parameter conventions may have changed.

\`\`\`
{ "format": "nnspec-ir", "version": 0, ... }
\`\`\`

Compile the spec again with this nnspec (\`nnspec compile\`), or use the nnspec that wrote the document.`,
  },
  {
    code: 'NN4403',
    title: 'no such model to compile',
    severity: 'error',
    explanation: `Compilation was asked for a model the spec does not declare.

\`\`\`
nnspec compile specs/digits.nn --model mpl
\`\`\`

Name one of the spec's \`model\` blocks (the help line lists them).`,
  },
];
