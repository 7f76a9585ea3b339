import type { DiagnosticCodeInfo } from './code-info.js';
import { defineCodes } from './define-codes.js';

/** NN40xx-NN44xx: training rules checked before training. */
export const TRAINING_FAMILY = defineCodes(
  { family: 'training', first: 4000, last: 4499 },
  {
    monitorNeedsValidation: {
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
    monitorNotComputed: {
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

Add the metric (\`metrics: [accuracy]\`) or monitor one that is computed. A metric is monitored by its catalogue name (\`val_accuracy\`, not \`val_acc\`); when the monitor is close to a computed name, the help suggests that name with a fix. \`mode: auto\` takes the direction from the catalogue: higher is better for \`accuracy\`, \`precision\`, \`recall\`, \`f1\`, \`auc\`, \`top_k_accuracy\` and \`r2\`, lower for losses and the error metrics.`,
    },
    splitLeavesDataUnused: {
      code: 'NN4003',
      title: 'split leaves data unused',
      severity: 'warning',
      explanation: `The \`train\`, \`validation\` and \`test\` fractions add up to less than 1, so part of the data is never used. This is allowed (for quick experiments) but is usually a mistake.

\`\`\`
split: { train: 0.6, validation: 0.2, test: 0.1 }
\`\`\`

Make the fractions add up to 1, or use \`limit\` to train on fewer examples on purpose.`,
    },
    stratifyRegression: {
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
    metricDoesNotFitLoss: {
      code: 'NN4010',
      title: 'metric does not fit the loss',
      severity: 'error',
      explanation: `Each metric is for one task, as each loss is: \`accuracy\`, \`precision\`, \`recall\`, \`f1\`, \`auc\` and \`top_k_accuracy\` compare predicted classes with true ones; \`mse\`, \`mae\`, \`rmse\` and \`r2\` measure distances between real values. A metric of the other task computes a number that means nothing: \`accuracy\` on a regression compares the argmax of a single output with the argmax of a single target, which is always 0, so every example is "right" and the run reports 1.0000.

\`\`\`
train m on d {
  loss: mean_squared_error
  metrics: [accuracy]
}
\`\`\`

Use a metric of the loss's task (\`metrics: [mae]\` for a regression, \`metrics: [accuracy]\` for a classification). Two metrics also need a particular kind of classification loss: \`auc\` ranks the positive class of a two-class loss, so it needs \`binary_crossentropy\`; \`top_k_accuracy\` ranks many classes, so it needs \`categorical_crossentropy\` or \`sparse_categorical_crossentropy\`. The help lists the metrics that fit the loss.`,
    },
    topKNotBelowClasses: {
      code: 'NN4011',
      title: 'top-k accuracy with `k` not below the number of classes',
      severity: 'error',
      explanation: `\`top_k_accuracy\` counts an example as right when its class is among the \`k\` most probable ones. With \`k\` at or above the number of classes, every class is among them, so the metric is always 1. The default \`k\` is 5, so a data set with 5 classes or fewer needs a smaller one.

\`\`\`
data d { source: builtin.iris }
train m on d {
  loss: categorical_crossentropy
  metrics: [top_k_accuracy]
}
\`\`\`

Give a \`k\` below the number of classes: \`metrics: [top_k_accuracy(k: 2)]\`.`,
    },
    metricListedTwice: {
      code: 'NN4012',
      title: 'metric listed twice with different parameters',
      severity: 'error',
      explanation: `The report keys each metric by its name, so one run reports one \`top_k_accuracy\`. Listing it twice with different parameters leaves it unclear which one to report.

\`\`\`
metrics: [top_k_accuracy(k: 2), top_k_accuracy(k: 3)]
\`\`\`

Keep one of them.`,
    },
    indexInputsNormalized: {
      code: 'NN4020',
      title: 'normalised inputs for an embedding',
      severity: 'error',
      explanation: `A model whose first layer is an \`embedding\` looks each input value up as a row of its table: the values must be whole-number token indices from 0 to \`input_dim - 1\`. \`normalize: minmax\` or \`normalize: standard\` on the data it trains on rescales every feature, so the indices become fractions and negative numbers, which no table row matches.

\`\`\`
data tokens {
  source: csv(path: "tokens.csv", label: "y")
  normalize: standard          // indices 0..9 become -1.5..1.6
}
model m {
  input(shape: [20])
  embedding(10, 8)
  ...
}
\`\`\`

Use \`normalize: none\` (or leave \`normalize\` out) for token indices. The data itself is checked before training (NN4810).`,
    },
    testBlockPropertyIgnored: {
      code: 'NN4021',
      title: 'property of a test data block is ignored',
      severity: 'warning',
      explanation: `A data block named by another block's \`split: { test: ... }\` is only read as a source of examples, used whole as the test set. Of its properties only \`source\` is used; the others change nothing there:

- \`normalize\`: the test set is scaled with the normalisation fitted on the training split of the data it tests, so every split sees the same transform;
- \`split\`: the test set is used whole, never split;
- \`limit\`: only the training split is limited.

\`\`\`
data mnist_test {
  source: idx(images: "t10k-images-idx3-ubyte", labels: "t10k-labels-idx1-ubyte")
  normalize: minmax            // ignored: mnist's own normalize applies
}
data mnist {
  source: idx(images: "train-images-idx3-ubyte", labels: "train-labels-idx1-ubyte")
  normalize: minmax
  split: { train: 0.9, validation: 0.1, test: mnist_test }
}
\`\`\`

Remove the property (the fix does), and set it on the block that names the test set. A block that is also trained on directly is not warned about: its properties matter there.`,
    },
    featuresAndDrop: {
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
    labelColumnSelected: {
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
    repeatedName: {
      code: 'NN4032',
      title: 'name listed twice',
      severity: 'error',
      explanation: `A column in \`features\` or \`drop\`, or a class in \`class_names\`, is listed twice. A column cannot be kept twice, and two classes cannot share a name (reports name classes).

\`\`\`
features: ["rooms", "area", "rooms"]
\`\`\`

Remove the second one.`,
    },
    needsNamedColumns: {
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
    targetScalingOnClasses: {
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
    classNamesCount: {
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
    classNamesOnRegression: {
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
    emptyNameList: {
      code: 'NN4037',
      title: 'too few names in a list',
      severity: 'error',
      explanation: `\`features\` must keep at least one column, and \`class_names\` must name at least two classes.

\`\`\`
features: []
\`\`\`

Name the columns to keep (or remove \`features\` to keep them all).`,
    },
    invalidIr: {
      code: 'NN4401',
      title: 'invalid IR document',
      severity: 'error',
      explanation: `An IR document (\`<model>.ir.json\`) does not match the IR schema, usually because it was edited by hand. The message names the path inside the document and what was expected:

\`\`\`
model.nodes[2].params.units: expected a number
\`\`\`

Fix the value at that path, or better, compile the spec again (\`nnspec compile\`): the IR is generated, not written by hand.`,
    },
    irVersion: {
      code: 'NN4402',
      title: 'unsupported IR version',
      severity: 'error',
      explanation: `The IR document was written by a different version of nnspec (its \`version\` field differs from the version this nnspec reads). An older document is not upgraded silently, since parameter conventions may have changed.

\`\`\`
{ "format": "nnspec-ir", "version": 0, ... }
\`\`\`

Compile the spec again with this nnspec (\`nnspec compile\`), or use the nnspec that wrote the document.`,
    },
    nothingToLower: {
      code: 'NN4403',
      title: 'no such model to compile',
      severity: 'error',
      explanation: `Compilation was asked for a model the spec does not declare.

\`\`\`
nnspec compile specs/digits.nn --model mpl
\`\`\`

Name one of the spec's \`model\` blocks (the help line lists them).`,
    },
    unknownStoppingRule: {
      code: 'NN4404',
      title: 'unknown stopping rule',
      severity: 'error',
      explanation: `\`rule:\` of \`early_stopping\` names a rule the catalogue does not have. The rules are \`patience\` (Keras's, the default), and Prechelt's \`gl(alpha)\`, \`pq(alpha, strip)\` and \`up(strips, strip)\`.

\`\`\`
early_stopping: { monitor: val_loss, rule: gl2(alpha: 2) }
\`\`\`

Write one of the rules; when the name is close to one, the help suggests it with a fix. docs/training.md gives each rule's formula and when it stops.`,
    },
    stoppingRuleNeedsMinimisedMonitor: {
      code: 'NN4405',
      title: 'stopping rule needs a minimised monitor',
      severity: 'error',
      explanation: `\`gl\` and \`pq\` measure the generalization loss GL = 100 (value / best - 1): by how many percent the monitored value is above its lowest so far. That ratio is meant for a loss, which is minimised and positive; for a monitor that is maximised (\`val_accuracy\`, or any monitor with \`mode: max\`) it has no meaning.

\`\`\`
early_stopping: { monitor: val_accuracy, rule: gl(alpha: 2) }
\`\`\`

Monitor a loss (\`monitor: val_loss\`), or use a rule that works in either direction: \`up(strips, strip)\` (a maximised value got worse when it fell) or \`patience\`.`,
    },
    optionIgnoredByRule: {
      code: 'NN4406',
      title: 'early-stopping option ignored by the rule',
      severity: 'warning',
      explanation: `\`patience\` and \`baseline\` belong to the \`patience\` rule. With \`rule: gl\`, \`pq\` or \`up\` they have no effect: each of those rules decides by its own parameters.

\`\`\`
early_stopping: { monitor: val_loss, patience: 10, rule: up(strips: 3, strip: 5) }
\`\`\`

Remove the option, or give the rule's own parameter instead (\`up(strips: 3)\` waits for three worse strips).`,
    },
    ruleCannotStop: {
      code: 'NN4407',
      title: 'stopping rule cannot stop within the run',
      severity: 'warning',
      explanation: `The stopping rule cannot stop before the last epoch: \`pq\` first decides at the end of its first strip, \`up(strips: s, strip: k)\` needs s + 1 strip ends, that is (s + 1) · k epochs, and the epochs of \`start_from_epoch\` come first. Training then always runs every epoch, and the rule only picks the epoch restored by \`restore_best_weights\`.

\`\`\`
train m on d {
  epochs: 10
  early_stopping: { monitor: val_loss, rule: up(strips: 3, strip: 5) }
}
\`\`\`

Raise \`epochs\`, or shorten the strips (\`up(strips: 2, strip: 2)\` can stop at epoch 6).`,
    },
    stoppingRuleOnTrainingMonitor: {
      code: 'NN4408',
      title: 'generalization rule watches a training value',
      severity: 'warning',
      explanation: `Prechelt's rules (\`gl\`, \`pq\`, \`up\`) stop when the error on held-out data starts to rise: they are meant for a validation monitor (\`val_loss\`). A training value (\`loss\`, \`accuracy\`) mostly keeps improving, so the rule rarely stops, and when it does it says nothing about generalization.

\`\`\`
early_stopping: { monitor: loss, rule: gl(alpha: 2) }
\`\`\`

Monitor the validation value (\`monitor: val_loss\`, with a \`validation\` split in the data).`,
    },
  },
);

/** The training-rule codes by name, so the checker never spells a code by hand. */
export const TRAINING_CODE = TRAINING_FAMILY.codes;

/** One of the codes in {@link TRAINING_CODE}. */
export type TrainingCode = (typeof TRAINING_CODE)[keyof typeof TRAINING_CODE];

/** Every training code's info, for docs/errors and `nnspec explain`. */
export const TRAINING_CODES: readonly DiagnosticCodeInfo[] = TRAINING_FAMILY.infos;
