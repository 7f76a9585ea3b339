import type { DiagnosticCodeInfo } from './code-info.js';
import { defineCodes } from './define-codes.js';

/** NN3xxx: tensor shapes inferred through the model. */
export const SHAPE_FAMILY = defineCodes(
  { family: 'shapes', first: 3000, last: 3999 },
  {
    rankMismatch: {
      code: 'NN3001',
      title: 'layer gets a tensor of the wrong rank',
      severity: 'error',
      explanation: `Each layer expects inputs of a certain rank (number of axes, without the batch axis): \`dense\` a vector, \`conv1d\` and the 1-D pools a sequence \`[steps, channels]\`, \`conv2d\` and the 2-D pools an image \`[height, width, channels]\`.

\`\`\`
model m {
  input(shape: [8, 8, 1])
  dense(10)
}
\`\`\`

For \`dense\` after an image or a sequence, insert \`flatten()\` (offered as a quick fix); for a convolution, give the input the rank it expects (\`reshape([8, 8, 1])\`).`,
    },
    windowTooLarge: {
      code: 'NN3002',
      title: 'window larger than its input',
      severity: 'error',
      explanation: `A convolution kernel or pooling window (after dilation) is larger than the input along some axis, and \`padding: valid\` leaves no output position.

\`\`\`
model m {
  input(shape: [4, 4, 1])
  conv2d(8, 5)
}
\`\`\`

Use a smaller window, \`padding: same\`, or a larger input.`,
    },
    reshapeMismatch: {
      code: 'NN3003',
      title: 'reshape changes the number of values',
      severity: 'error',
      explanation: `\`reshape\` rearranges values; it cannot add or remove any. The product of \`target_shape\` must equal the number of values of its input.

\`\`\`
model m {
  input(shape: [64])
  reshape([8, 7, 1])
}
\`\`\`

The message gives both counts; here \`reshape([8, 8, 1])\`.`,
    },
    noTimeAxis: {
      code: 'NN3004',
      title: 'recurrent layer without a time axis',
      severity: 'error',
      explanation: `\`simple_rnn\`, \`lstm\` and \`gru\` read a sequence \`[steps, features]\`. A vector has no time axis, and a recurrent layer that does not return sequences yields a vector, so stacking another recurrent layer on it fails.

\`\`\`
model m {
  input(shape: [10, 3])
  lstm(16)
  lstm(16)
}
\`\`\`

Give the earlier recurrent layer \`return_sequences: true\`, or shape the input as \`[steps, features]\`.`,
    },
    noInputShape: {
      code: 'NN3005',
      title: 'no input shape',
      severity: 'error',
      explanation: `The model has no \`input\` layer and its shape cannot be taken from the data (the model is not trained on a data set whose shape is known before loading, such as a CSV file).

\`\`\`
model m {
  dense(10)
}
\`\`\`

Start the model with \`input(shape: [...])\`.`,
    },
    inputNotFirst: {
      code: 'NN3006',
      title: 'input layer not first',
      severity: 'error',
      explanation: `\`input\` declares the shape the model receives, so it must be the model's first layer.

\`\`\`
model m {
  dense(10)
  input(shape: [4])
}
\`\`\`

Move \`input(...)\` to the top of the model.`,
    },
    multipleInputs: {
      code: 'NN3007',
      title: 'more than one input layer',
      severity: 'error',
      explanation: `A sequential model has exactly one input. The diagnostic points at the second \`input\` and labels the first.

\`\`\`
model m {
  input(shape: [4])
  input(shape: [8])
  dense(3)
}
\`\`\`

Remove the extra \`input\` (use \`reshape\` to change a shape inside the model).`,
    },
    outputClassesMismatch: {
      code: 'NN3008',
      title: 'output does not fit the data',
      severity: 'error',
      explanation: `The model's last layer produces a different number of values than the data needs: one per class for a classification with \`categorical_crossentropy\` or \`sparse_categorical_crossentropy\`, one for a regression or a two-class \`binary_crossentropy\`.

\`\`\`
data d { source: builtin.iris }
model m { input(shape: [4])  dense(10, activation: softmax) }
train m on d { loss: categorical_crossentropy  optimizer: adam  epochs: 10 }
\`\`\`

\`builtin.iris\` has 3 classes: use \`dense(3, activation: softmax)\`.`,
    },
    invalidShape: {
      code: 'NN3009',
      title: 'layer cannot take its input shape',
      severity: 'error',
      explanation: `A layer's shape rule cannot produce an output from the shape it receives (for example a sequence too short for a stride, or an \`embedding\` after a layer that is not the input).

\`\`\`
model m {
  input(shape: [4, 4, 1])
  max_pool2d(2, strides: 8)
  conv2d(4, 3)
}
\`\`\`

The message says which axis or value is the problem; change the layer's parameters or the shape before it.`,
    },
    lossOutputMismatch: {
      code: 'NN3010',
      title: 'loss does not suit the output',
      severity: 'warning',
      explanation: `Training will run, but the loss and the model's last activation do not go together, and the model will learn poorly or report misleading values. Typical cases:

- \`categorical_crossentropy\` after \`sigmoid\` on several units (the outputs do not sum to 1: use \`softmax\`);
- \`binary_crossentropy\` on a \`softmax\` over more than 2 units (use \`categorical_crossentropy\`);
- a cross-entropy after an output that is not a probability (\`linear\`, \`relu\`);
- \`mean_squared_error\` on a classification with a \`softmax\` output.

\`\`\`
model m { input(shape: [64])  dense(10, activation: sigmoid) }
train m on digits { loss: categorical_crossentropy  optimizer: adam  epochs: 10 }
\`\`\`

Use the pair the help line suggests (here \`activation: softmax\`).`,
    },
    lossDataMismatch: {
      code: 'NN3011',
      title: 'loss cannot be used with this data',
      severity: 'error',
      explanation: `Training cannot run: the loss needs a different kind of target than the data has. A classification loss (\`categorical_crossentropy\`, \`sparse_categorical_crossentropy\`, \`binary_crossentropy\`) needs classes, and \`synthetic.sine\` is a regression; \`binary_crossentropy\` needs exactly 2 classes.

\`\`\`
data d { source: synthetic.sine }
model m { input(shape: [1])  dense(1) }
train m on d { loss: categorical_crossentropy  optimizer: adam  epochs: 10 }
\`\`\`

Use a regression loss (\`mean_squared_error\`, \`mean_absolute_error\`, \`huber\`) for regression data.`,
    },
    inputDataMismatch: {
      code: 'NN3012',
      title: 'input shape does not fit the data',
      severity: 'error',
      explanation: `The model's \`input\` shape holds a different number of values than one example of the data. A shape with the same number of values is fine (the data is reshaped, e.g. \`builtin.digits\`' 64 pixels as \`[8, 8, 1]\`); a different count cannot work.

\`\`\`
data d { source: builtin.iris }
model m { input(shape: [5])  dense(3, activation: softmax) }
\`\`\`

\`builtin.iris\` has 4 features: \`input(shape: [4])\`.`,
    },
    emptyModel: {
      code: 'NN3013',
      title: 'model has no layers',
      severity: 'error',
      explanation: `A model needs at least one layer that computes something.

\`\`\`
model m {
  input(shape: [4])
}
\`\`\`

Add layers, e.g. \`dense(3, activation: softmax)\`.`,
    },
    modelTooLarge: {
      code: 'NN3014',
      title: 'model too large for the WASM backend',
      severity: 'error',
      explanation: `The model has more than 268,435,456 parameters (1 GiB of float32 weights). nnspec compiles to TensorFlow.js on WebAssembly, whose memory ends at 4 GiB, and training holds the weights about four times over (weights, gradients and the optimizer's moments) plus a batch of activations. Such a model would fail when its first tensor is allocated.

\`\`\`
model big {
  input(shape: [784])
  dense(1000000)          // 785 million parameters
}
\`\`\`

Make the layers smaller: fewer units, or a pooling layer before a \`dense\` on an image. \`nnspec check\` prints each layer's count, so the largest is easy to find.`,
    },
    modelTooDeep: {
      code: 'NN3015',
      title: 'model has too many layers',
      severity: 'error',
      explanation: `The model has more than 3,000 layers after its \`repeat\` blocks are unrolled (\`input\` included). TensorFlow.js walks a model's layers with one nested call per layer when it builds the model, and runs out of stack at about 4,400 layers: compiling or training such a model would crash. The limit keeps a margin below that.

\`\`\`
model deep {
  input(shape: [4])
  repeat 10000 { dense(8) }   // 10,001 layers
}
\`\`\`

Use fewer layers: a smaller \`repeat\` count. No practical network needs thousands of layers in a chain.`,
    },
    mergeShapes: {
      code: 'NN3016',
      title: 'merge inputs disagree',
      severity: 'error',
      explanation: `A merge's inputs have shapes it cannot merge. \`add\`, \`subtract\`, \`multiply\`, \`average\`, \`maximum\` and \`minimum\` need every input the same shape; \`concatenate\` needs the same rank and every axis equal except the one it joins along. The error is at the merge, with a label at each input's definition and its shape.

\`\`\`
model m {
  input(shape: [32])
  h = dense(64, activation: relu)
  dense(128)
  add(h)
}
\`\`\`

Make the shapes equal (here \`dense(128)\` after \`h\`, or \`dense(64)\` on the main path), or use \`concatenate\`, which keeps both.`,
    },
    unreachableLayer: {
      code: 'NN3017',
      title: 'layer does not reach the output',
      severity: 'warning',
      explanation: `The output of a layer is used by nothing that leads to the model's output: typically a chain left by \`from\` whose end has no name, so nothing can merge it. The layers of that branch are left out of the model (and of its parameter count), as TF.js leaves them out.

\`\`\`
model m {
  input(shape: [4])
  stem = dense(8)
  dense(8)
  from stem
  dense(3, activation: softmax)
}
\`\`\`

Name the branch's end and merge it (\`b = dense(8)\` ... \`add(b)\`), or remove its layers.`,
    },
    mergeAxis: {
      code: 'NN3018',
      title: 'concatenate axis out of range',
      severity: 'error',
      explanation: `\`concatenate\`'s \`axis\` does not name an axis of its inputs. Axes count from 1 (the first after the batch, as in Keras) or from -1 (the last); axis 0 is the batch.

\`\`\`
model m {
  input(shape: [4])
  h = dense(8)
  dense(8)
  concatenate(h, axis: 2)
}
\`\`\`

Use \`axis: -1\` (the default) to join along the last axis.`,
    },
  },
);

/** The shape codes by name, so the checker never spells a code by hand. */
export const SHAPE_CODE = SHAPE_FAMILY.codes;

/** One of the codes in {@link SHAPE_CODE}. */
export type ShapeCode = (typeof SHAPE_CODE)[keyof typeof SHAPE_CODE];

/** Every shapes code's info, for docs/errors and `nnspec explain`. */
export const SHAPE_CODES: readonly DiagnosticCodeInfo[] = SHAPE_FAMILY.infos;
