import type { DiagnosticCodeInfo } from './code-info.js';
import { DATA_FILE_CODE, DATA_FILE_CODES } from './data-file-codes.js';
import { defineCodes } from './define-codes.js';
import { STUDY_RUN_CODES } from './study-codes.js';

/** NN47xx-NN4904: data sources, preparation (splits, test sets, declared shapes) and the training run. */
export const DATA_FAMILY = defineCodes(
  { family: 'data', first: 4700, last: 4904 },
  {
    unknownSource: {
      code: 'NN4701',
      title: 'unknown data source',
      severity: 'error',
      explanation: `The data source type is not one nnspec can load. Known sources: \`synthetic.spirals\`, \`synthetic.moons\`, \`synthetic.circles\`, \`synthetic.xor\`, \`synthetic.blobs\`, \`synthetic.sine\`, \`builtin.digits\`, \`builtin.iris\`, \`csv\`, \`idx\`.

See \`docs/data.md\`.`,
    },
    badSourceParam: {
      code: 'NN4702',
      title: 'invalid data source parameter',
      severity: 'error',
      explanation: `A parameter of a data source has the wrong type or is out of range, or a required one is missing (\`path\` and \`label\` of \`csv\`, \`images\` and \`labels\` of \`idx\`).

\`\`\`
data d { source: synthetic.spirals(samples: 0, classes: 1) }
\`\`\`

\`samples\` must be a positive whole number, \`classes\` at least 2, \`noise\` not negative. The message names the parameter and what it must be.`,
    },
    filesUnavailable: {
      code: 'NN4703',
      title: 'data files cannot be read here',
      severity: 'error',
      explanation: `The spec reads its data from files (\`csv\` or \`idx\`), and the place it runs cannot open files: the playground in a browser trains on the synthetic sources (\`synthetic.spirals\`, ...) and the bundled data sets (\`builtin.digits\`, \`builtin.iris\`) only.

\`\`\`
data d { source: csv(path: "houses.csv", label: "price") }   // in the playground
\`\`\`

Train the spec on your machine with \`npx nnspec train spec.nn\`, which reads the files, or switch its source to a synthetic or bundled one to try it in the playground.`,
    },
    emptySplit: {
      code: 'NN4801',
      title: 'split is empty',
      severity: 'error',
      explanation: `After splitting, the training split (or a validation or test split with a fraction above 0) has no examples: the data set is too small for the fractions.

\`\`\`
split: train 0.98, validation 0.01, test 0.01   // with 50 examples, validation gets 0
\`\`\`

Use larger fractions for validation and test, or more data.`,
    },
    testShapeMismatch: {
      code: 'NN4802',
      title: 'test set has a different feature shape',
      severity: 'error',
      explanation: `The separate test data set (\`test: <data>\`) yields examples of another shape than the training data, so the model cannot be evaluated on it.

Make both sources produce the same columns (CSV) or image size (IDX).`,
    },
    testUnknownClass: {
      code: 'NN4803',
      title: 'test set has a class the training data lacks',
      severity: 'error',
      explanation: `The separate test data set contains a label that never occurs in the training data. The model has no output for it.

Check that both files use the same label spelling (\`Setosa\` vs \`setosa\`). A test set may lack some classes; it may not add new ones.`,
    },
    declaredShapeMismatch: {
      code: 'NN4804',
      title: 'data shape differs from the spec',
      severity: 'error',
      explanation: `The spec states the shape of the examples (the model's \`input\` shape, checked at compile time against what is known of the data), but the loaded data cannot take it, e.g. a CSV file with 5 feature columns for a model whose input is \`[4]\`.

Data with the same number of values per example is reshaped, row-major: IDX images of \`[28, 28, 1]\` train a model with \`input(shape: [784])\` or \`[28, 28]\`. The rule is the same for the main data and for a separate test set (\`split: { test: other_data }\`); when the sizes differ, the error points at the model's \`input\` and names both shapes.

\`\`\`
model m {
  input(shape: [784])     // the test images are [30, 30, 1]: 900 values
  ...
}
\`\`\`

Fix the spec's input shape, or use data (and test data) whose examples have that many values.`,
    },
    declaredClassesMismatch: {
      code: 'NN4805',
      title: 'number of classes differs from the spec',
      severity: 'error',
      explanation: `The spec's model has one output per class, but the labels of the loaded data form another number of classes.

Check the label column, or change the last layer's units.`,
    },
    stratifyIgnored: {
      code: 'NN4806',
      title: 'stratify ignored for regression',
      severity: 'warning',
      explanation: `\`stratify\` keeps class proportions equal across splits; a regression data set has no classes, so the split is a plain random one.

Remove \`stratify\` to silence this warning.`,
    },
    badSplitFractions: {
      code: 'NN4807',
      title: 'split fractions add up to more than 1',
      severity: 'error',
      explanation: `The \`train\`, \`validation\` and \`test\` fractions together exceed 1.

\`\`\`
split: train 0.8, validation 0.2, test 0.2
\`\`\`

Make them add up to 1 (or less, to use only part of the data).`,
    },
    taskMismatch: {
      code: 'NN4808',
      title: 'labels do not fit the task',
      severity: 'error',
      explanation: `The spec trains a regression (a real-valued output) but the label column holds text, or it trains a classification on labels that are not whole numbers or class names.

Use a numeric label column for regression; for classification use class names or whole-number class labels.`,
    },
    invalidEmbeddingIndex: {
      code: 'NN4810',
      title: 'an embedding input is not a token index',
      severity: 'error',
      explanation: `A model whose first layer is \`embedding(input_dim, output_dim)\` looks each input value up as a row of a table with \`input_dim\` rows, so every feature value of the data must be a whole number from 0 to \`input_dim - 1\`. The data is checked after it is loaded and prepared, before training starts; the message names the first offending values: the column and line of a CSV file (or the example's index in other sources), the value, and \`input_dim\`.

\`\`\`
data tokens {
  source: csv(path: "tokens.csv", label: "y")   // a token column holds 18
}
model m {
  input(shape: [3])
  embedding(10, 8)                             // indices 0 to 9 only
  ...
}
\`\`\`

Raise \`input_dim\` to the largest index plus one (the help names it), or fix the data. A fraction or a negative value usually means the features were normalised (\`normalize: minmax\` or \`standard\`, see NN4020): use \`normalize: none\` for token indices.`,
    },
    lossDiverged: {
      code: 'NN4901',
      title: 'loss diverged',
      severity: 'error',
      explanation: `The training loss became NaN or infinite. The message names the epoch and the first batch where it happened; the weights from then on are meaningless, so training stops.

The usual cause is a learning rate too large for the model and data; others are unnormalised inputs with a large range, or a loss that takes the log of 0.

Lower the learning rate (by 10x), set \`normalize: standard\` on the data, or add gradient-friendly layers such as \`batch_norm\`.`,
    },
    runInterrupted: {
      code: 'NN4902',
      title: 'training interrupted',
      severity: 'warning',
      explanation: `Training was interrupted (Ctrl-C or a stop request) before it finished. The report covers the epochs that completed and the one it cut short: that epoch is evaluated as it stood, marked partial (\`(partial: 12/47 batches)\`, \`partial\` in the JSON), and counted by early stopping like any other, so with \`restore_best_weights\` the best weights so far are kept, the partial epoch's included.

Nothing to fix; run again to train fully.`,
    },
    monitorMissing: {
      code: 'NN4903',
      title: 'monitored metric not reported',
      severity: 'warning',
      // The checker refuses an unreported monitor before a run (NN4001, NN4002); runTraining
      // reports this for an IR document written elsewhere.
      explanation: `Early stopping (or \`reduce_on_plateau\`) monitors a quantity the training loop does not report, so it never acts. For instance \`val_loss\` without a validation split, or \`val_accuracy\` without the \`accuracy\` metric.

\`\`\`
split: train 1.0
early_stopping(monitor: val_loss)
\`\`\`

Monitor a reported quantity (the message lists them), add a validation split, or add the metric.`,
    },
    badSchedule: {
      code: 'NN4904',
      title: 'invalid learning-rate schedule',
      severity: 'error',
      explanation: `A learning-rate schedule is unknown or has a parameter of the wrong type or range. Known schedules and their parameters: \`step_decay(drop, every)\`, \`exponential_decay(rate, steps)\`, \`cosine_decay(epochs, min_lr)\`, \`reduce_on_plateau(monitor, factor, patience, min_delta, min_lr, cooldown)\`.

\`\`\`
schedule: reduce_on_plateau(factor: 2)   // factor must be below 1
\`\`\`

See \`docs/training.md\` for the exact formulas.`,
    },
  },
);

/**
 * The data and run-time codes by name, so loaders and the trainer never spell a code by hand.
 * NN45xx: reading files; NN46xx: file contents (both declared in data-file-codes.ts); NN47xx:
 * sources and their parameters; NN48xx: preparation (splits, test sets, declared shapes);
 * NN49xx: the run itself (a study's output folder: study-codes.ts).
 */
export const DATA_CODE = { ...DATA_FILE_CODE, ...DATA_FAMILY.codes };

/** One of the codes in {@link DATA_CODE}. */
export type DataCode = (typeof DATA_CODE)[keyof typeof DATA_CODE];

/** NN45xx-NN49xx: data loading and training at run time (with the data-file and study-run codes). */
export const DATA_CODES: readonly DiagnosticCodeInfo[] = [...DATA_FILE_CODES, ...STUDY_RUN_CODES, ...DATA_FAMILY.infos];
