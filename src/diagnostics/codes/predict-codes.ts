import type { DiagnosticCodeInfo } from './code-info.js';
import { defineCodes } from './define-codes.js';

/** NN5100-NN5199: the input of `nnspec predict` and `nnspec evaluate` (rows, images, JSON lines). */
export const PREDICT_FAMILY = defineCodes(
  { family: 'predict', first: 5100, last: 5199 },
  {
    missingColumn: {
      code: 'NN5101',
      title: 'input lacks a column of the model',
      severity: 'error',
      explanation: `The model reads its features by column name (the bundle's \`input.columns\`, the training CSV's header), and the input to \`nnspec predict\` or \`nnspec evaluate\` has no column (CSV header) or key (JSON line) of one of those names.

\`\`\`text
sepal_length,sepal_width,petal_length      <- petal_width is missing
5.1,3.5,1.4
\`\`\`

Columns are matched by name, so their order does not matter, but every feature column of the training data must be there. Add the column (the message names it), or fix its spelling in the header.`,
    },
    ignoredColumn: {
      code: 'NN5102',
      title: 'input column ignored',
      severity: 'info',
      explanation: `The input has columns (or JSON keys) the model does not read: the label column of the training data (in \`nnspec predict\`), or columns that were not features at training. They are ignored; this note lists them so that a misspelt feature column is noticed.

\`\`\`text
sepal_length,sepal_width,petal_length,petal_width,species,id
\`\`\`

Nothing to do when that is expected; remove the columns to silence the note.`,
    },
    badCell: {
      code: 'NN5103',
      title: 'input value cannot be used',
      severity: 'error',
      explanation: `A cell of the input is not what its column needs: text in a numeric column, or an empty cell where the model has no fill value (the training data block had no \`impute\`).

\`\`\`text
sepal_length,sepal_width,petal_length,petal_width
5.1,n/a,1.4,0.2          <- line 2, column 5
\`\`\`

Numbers are written as in training (\`3.5\`, \`-2e-3\`; no thousands separators). Fix the value at the line and column given; a missing value needs \`impute\` in the data block at training time.`,
    },
    raggedRow: {
      code: 'NN5104',
      title: 'input row has the wrong number of cells',
      severity: 'error',
      explanation: `A row of the input CSV has more or fewer cells than its header has columns.

\`\`\`text
a,b,c
1,2          <- 2 cells, the header has 3
\`\`\`

Add the missing cells, remove the extra ones, or quote a value that contains a comma (\`"1,5"\`).`,
    },
    badJsonLine: {
      code: 'NN5105',
      title: 'input JSON line cannot be read',
      severity: 'error',
      explanation: `A line of JSON-lines input (a \`.jsonl\` file, or standard input with \`-\`) is not valid JSON, or is not what the model takes: an object \`{"column": value}\` for a model with named feature columns, an array of numbers for a model with positional features (image pixels).

\`\`\`text
{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}
[5.1, 3.5, 1.4, 0.2]      <- an array, but this model reads columns by name
\`\`\`

Write one JSON value per line, of the kind the message names.`,
    },
    wrongFeatureCount: {
      code: 'NN5106',
      title: 'input example has the wrong size',
      severity: 'error',
      explanation: `A model with positional features (pixels, generated points) takes each example as the flat list of its input shape's values, and an example of the input has another number of values: a CSV with too many or too few columns, a JSON array of the wrong length, or IDX images whose shape is not the model's.

\`\`\`text
model takes [8, 8, 1] (64 values); the IDX images are [28, 28] (784 values)
\`\`\`

Give examples of the shape the model was trained on (the message names it). IDX images of the same number of values are read row-major, as in training.`,
    },
    unseenCategory: {
      code: 'NN5107',
      title: 'input holds a category the training split never had',
      severity: 'warning',
      explanation: `A text (one-hot encoded) column of the input holds a category that was not in the training split: the model has no feature for it, so the row is encoded as all zeros in that column, exactly as training treated unseen validation and test categories.

\`\`\`text
color
mauve        <- training saw red, green and blue
\`\`\`

The prediction for such a row is less reliable. Check the spelling; retrain with data that has the category if it is real.`,
    },
    unknownClass: {
      code: 'NN5108',
      title: 'label is not a class of the model',
      severity: 'error',
      explanation: `\`nnspec evaluate\` compares each label with the model's prediction, and a label of the input is not one of the model's class names (the bundle's \`classNames\`).

\`\`\`text
species
setosa
Setosa       <- the classes are setosa, versicolor, virginica
\`\`\`

Fix the label's spelling; a model cannot be evaluated on a class it has no output for.`,
    },
    missingLabels: {
      code: 'NN5109',
      title: 'evaluation input has no labels',
      severity: 'error',
      explanation: `\`nnspec evaluate\` needs the true label of every example: the label column of the training data (the bundle's \`input.label\`) in a CSV or JSON-lines file, or an IDX labels file. The input has none, or a row lacks its label.

\`\`\`text
nnspec evaluate model/ new-flowers.csv     <- new-flowers.csv has no species column
\`\`\`

Add the label column (named as in the training data), or use \`nnspec predict\` for unlabelled data.`,
    },
    mcWithoutDropout: {
      code: 'NN5110',
      title: 'MC dropout on a model without dropout',
      severity: 'info',
      explanation: `\`--mc N\` runs the model N times with its dropout layers on, and reads the spread of the outputs as an uncertainty estimate (Gal & Ghahramani, 2016). A model without dropout (no \`dropout\` layer with a rate above 0, no recurrent \`dropout\`) gives the same output every time: every standard deviation is exactly 0, and the mean is the plain prediction.

\`\`\`text
nnspec predict iris-model/ flowers.csv --mc 30      <- iris_net has no dropout layer
\`\`\`

Nothing is wrong; train a model with \`dropout(0.2)\` layers to get an uncertainty estimate from \`--mc\`.`,
    },
    emptyInput: {
      code: 'NN5111',
      title: 'input has no examples',
      severity: 'error',
      explanation: `The input of \`nnspec predict\` or \`nnspec evaluate\` holds no example: an empty file, a CSV with a header only, empty standard input.

Give at least one row, line or image.`,
    },
    dataChanged: {
      code: 'NN5112',
      title: 'training data changed since the model was trained',
      severity: 'error',
      explanation: `\`nnspec evaluate DIR --split NAME\` reloads the run's own data and splits it again with the run's seed; the split is only the same if the data files are. The bundle's manifest records each data file's SHA-256, and a file read now has another (or is no longer read at all).

\`\`\`text
data/iris.csv: the bundle recorded sha256 9f2c..., the file now has 41aa...
\`\`\`

Restore the file the model was trained on, or evaluate on a labelled file instead (\`nnspec evaluate DIR DATA\`).`,
    },
    wrongInputKind: {
      code: 'NN5113',
      title: 'input kind does not fit the model',
      severity: 'error',
      explanation: `The input is of a kind the model cannot take: IDX images for a model that reads named CSV columns, or \`--split\` for a run whose data cannot be reloaded.

\`\`\`text
nnspec predict iris-model/ images.idx      <- iris_net reads the columns sepal_length, ...
\`\`\`

Give the input as a CSV with the named columns (or JSON lines), or IDX images for an image model.`,
    },
  },
);

/** Predict codes by name. */
export const PREDICT_CODE = PREDICT_FAMILY.codes;
/** Every predict code with its explanation. */
export const PREDICT_CODES: readonly DiagnosticCodeInfo[] = PREDICT_FAMILY.infos;
/** One predict code (`NN5101`, ...). */
export type PredictCode = (typeof PREDICT_CODE)[keyof typeof PREDICT_CODE];
