import type { DiagnosticCodeInfo } from './code-info.js';
import { defineCodes } from './define-codes.js';

/**
 * NN5200-NN5299: exporting a model (`nnspec export`): ONNX (NN5201-NN5202) and PyTorch
 * (NN5203-NN5219; model NN5203-NN5206, data NN5207-NN5209, the command NN5210-NN5214).
 */
export const EXPORT_FAMILY = defineCodes(
  { family: 'export', first: 5200, last: 5299 },
  {
    layerNotExportable: {
      code: 'NN5201',
      title: 'layer cannot be exported to ONNX',
      severity: 'error',
      explanation: `\`nnspec export --to onnx\` writes every layer as ONNX operators (docs/export.md has the table). One layer of the model has no ONNX form; the message names it. Today that is a recurrent layer (\`simple_rnn\`, \`lstm\`, \`gru\`) whose activation ONNX's RNN, LSTM and GRU operators do not take (\`relu6\`, \`selu\`, \`softmax\`, \`swish\`, \`mish\`, \`gelu\`) on sequences of unknown length: such a layer is unrolled step by step, which needs the number of steps. A spec always fixes the length; an IR document written by hand or by another tool can leave it \`null\`:

\`\`\`
{ "name": "lstm_1", "type": "lstm", "params": { "activation": "gelu", ... },
  "inputShapes": [[null, 8]], ... }
\`\`\`

Give the input a fixed length (\`input(shape: [20, 8])\` in a spec), or use an activation the ONNX operators take: \`tanh\`, \`sigmoid\`, \`relu\`, \`hard_sigmoid\`, \`softsign\`, \`softplus\`, \`elu\` or \`linear\`.`,
    },
    exportInputMismatch: {
      code: 'NN5202',
      title: 'weights or preprocessing do not fit the model',
      severity: 'error',
      explanation: `The weights or the normalization given to the ONNX export do not fit the model's layers: a layer's weights are missing or of another shape, or the normalization has another number of features than the model's input. The message names the layer (or the input) and both shapes. The bundle's \`nnspec.json\` and its weights come from different trainings, or the weights were taken from another model.

\`\`\`
nnspec export models/iris --to onnx -o iris.onnx
error[NN5202]: the weights of \`dense_1\` (dense) do not fit it: expected [4, 16], [16], got [5, 16], [16]
\`\`\`

Export the folder \`nnspec train --save\` wrote, whole; or, from the library, give \`exportOnnx\` the weights \`collectOnnxWeights\` read from the model built from the same IR.`,
    },
    layerNotPytorch: {
      code: 'NN5203',
      title: 'layer cannot be exported to PyTorch',
      severity: 'error',
      explanation: `\`nnspec export --to pytorch\` writes every layer as a PyTorch module (docs/export.md has the table). One layer of the model has no PyTorch form in nnspec's exporter; the message names it and its line.

\`\`\`
nnspec export model.nn --to pytorch -o torch-project
error[NN5203]: layer \`w\` (\`wavelet\`) has no PyTorch equivalent in nnspec's exporter
\`\`\`

Replace the layer by one the table lists, or export to ONNX (\`--to onnx\`), which covers every layer.`,
    },
    weightsNotForSpec: {
      code: 'NN5210',
      title: 'the weights bundle is not of this model',
      severity: 'error',
      explanation: `\`nnspec export SPEC --to pytorch --weights BUNDLE\` starts the PyTorch program from the bundle's trained weights, so the bundle must hold the model the spec declares: the same layers, names, parameters and shapes. The message names the first difference.

\`\`\`
nnspec export specs/digits.nn --to pytorch -o torch-digits --weights models/iris
error[NN5210]: the bundle \`models/iris\` holds model \`net\`, whose \`dense_1\` has 16 units; the spec's has 256
\`\`\`

Give the folder \`nnspec train SPEC --save DIR\` wrote for this spec, or train it again after changing the spec.`,
    },
    notAReport: {
      code: 'NN5211',
      title: 'not an nnspec report',
      severity: 'error',
      explanation: `\`nnspec report FILE\` renders a training report: the JSON \`nnspec train --json\` writes, or that the exported PyTorch \`train.py --json\` writes in the same schema. The file is not valid JSON, is not a report (\`format\` is not \`nnspec-report\`), is of another report version, or a field breaks the schema; the message names the field.

\`\`\`
nnspec report run.json --html run.html
error[NN5211]: spec: expected a string
 --> run.json:1:1
\`\`\`

Give the file a run wrote, unedited; a report of another nnspec version is read by that version (docs/report.md lists the versions).`,
    },
  },
);

/** Export codes by name. */
export const EXPORT_CODE = EXPORT_FAMILY.codes;
/** Every export code with its explanation. */
export const EXPORT_CODES: readonly DiagnosticCodeInfo[] = EXPORT_FAMILY.infos;
