/**
 * `model.py`: the IR model as a PyTorch `nn.Module` (docs/export.md, "model.py"). Browser-safe.
 *
 * One attribute per layer, named as the IR node (made a Python identifier), built from the
 * runtime's `nnspec_torch.layers` with every parameter of the IR; a `forward` that follows the
 * graph in the IR's order, each step under a comment with the spec's line; `TFJS_WEIGHTS`, the
 * table from TF.js's weight names to the module's, which `nnspec_torch.weights` converts by.
 */
import type { Diagnostic, StageResult } from '../diagnostics/diagnostic.js';
import { DOCUMENT_START } from '../diagnostics/diagnostic.js';
import { EXPORT_CODE } from '../diagnostics/codes/export-codes.js';
import { SourceText } from '../diagnostics/source-text.js';
import type { IrModel, IrNode } from '../ir/schema.js';
import { IdentifierAllocator, pythonClassName, pythonLiteral } from './python-text.js';
import { torchLayer, type TorchWeight } from './torch-layers.js';

/** Options of {@link generateModelPy}. */
export interface ModelPyOptions {
  /** The spec's path as the user gave it, for the comments that point at its lines. */
  specPath: string;
  /** The spec's text, to turn the IR's `source` spans into line numbers; without it no line is given. */
  specText?: string;
  /** A standardised regression target (the bundle's `preprocessing.target`): the module ends with the fixed `y * std + mean`, as TF.js's `target_scale` layer. */
  targetScaling?: { mean: number; std: number };
}

/** The name of the attribute (and TF.js layer) of the fixed output scaling, as the backend's `TARGET_SCALE_LAYER`. */
const TARGET_SCALE = 'target_scale';

/** Names of model.py's module scope and of `forward`'s locals besides the layers' values. */
const RESERVED_LOCALS = ['x', 'self', 'torch', 'nn', 'layers', 'Initializer', 'Regularizer'];

/**
 * nn.Module's own attributes (PyTorch 1.13) and the class's: a layer named `train` or `eval`
 * becomes `self.train_`, so it does not hide the method.
 */
const MODULE_ATTRIBUTES = [
  'T_destination add_module apply bfloat16 buffers children cpu cuda double dump_patches eval extra_repr float forward get_buffer',
  'get_extra_state get_parameter get_submodule half ipu load_state_dict modules named_buffers named_children named_modules',
  'named_parameters parameters register_backward_hook register_buffer register_forward_hook register_forward_pre_hook',
  'register_full_backward_hook register_load_state_dict_post_hook register_module register_parameter requires_grad_',
  'set_extra_state share_memory state_dict to to_empty train type xpu zero_grad training TFJS_WEIGHTS regularization_loss',
]
  .join(' ')
  .split(' ');

/** One layer of the class: its node, attribute, constructor and weights. */
interface ClassLayer {
  node: IrNode;
  attribute: string;
  constructor: string;
  weights: TorchWeight[];
}

/** The text of `model.py` for `model`, or NN5203 for a layer PyTorch cannot express. */
export function generateModelPy(model: IrModel, options: ModelPyOptions): StageResult<string | undefined> {
  const source = options.specText === undefined ? undefined : new SourceText(options.specText);
  const names = new IdentifierAllocator([...RESERVED_LOCALS, ...MODULE_ATTRIBUTES]);
  const layers: ClassLayer[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const node of model.nodes.slice(1)) {
    const layer = torchLayer(node);
    if (!layer) {
      diagnostics.push(unmappedLayer(node, source, options.specPath));
      continue;
    }
    layers.push({ node, attribute: names.allocate(node.name), ...layer });
  }
  if (diagnostics.length > 0) return { value: undefined, diagnostics };
  const scaleAttribute = options.targetScaling === undefined ? undefined : names.allocate(TARGET_SCALE);
  const className = pythonClassName(model.name);
  // A path goes into a docstring and comments: `/` keeps a Windows path free of escapes.
  const specPath = options.specPath.replace(/\\/g, '/');
  const where = (node: IrNode): string => specComment(node, source, specPath);

  const weights: string[] = [];
  for (const layer of layers) {
    for (const weight of layer.weights) {
      weights.push(
        `    ${JSON.stringify(`${layer.node.name}/${weight.tfjs}`)}: (${JSON.stringify(`${layer.attribute}.${weight.torch}`)}, ${JSON.stringify(weight.layout)}),`,
      );
    }
  }
  if (scaleAttribute !== undefined) {
    weights.push(`    "${TARGET_SCALE}/kernel": ("${scaleAttribute}.std", "diagonal"),`, `    "${TARGET_SCALE}/bias": ("${scaleAttribute}.mean", "same"),`);
  }

  const init: string[] = [];
  for (const layer of layers) {
    const renamed = layer.attribute === layer.node.name ? '' : `  # ${layer.node.name}`;
    init.push(...assignment(`self.${layer.attribute}`, layer.constructor, renamed));
  }
  if (scaleAttribute !== undefined && options.targetScaling !== undefined) {
    const units = model.outputShape[model.outputShape.length - 1] ?? 1;
    const { mean, std } = options.targetScaling;
    init.push(`        # The standardised target back in its units (fixed buffers, not trained), as TF.js's \`${TARGET_SCALE}\`.`);
    init.push(`        self.${scaleAttribute} = layers.TargetScale(${units}, mean=${pythonLiteral(mean)}, std=${pythonLiteral(std)})`);
  }

  const lines = [
    `"""The model \`${model.name}\` of ${specPath} as a PyTorch module, written by \`nnspec export --to pytorch\`.`,
    '',
    "Values between layers stay channels-last, as in TF.js, so the spec's shapes and axes hold here;",
    "the layers (nnspec_torch/layers.py) compute what nnspec's TF.js layers compute, and",
    'TFJS_WEIGHTS says how each TF.js weight maps to this module (docs/export.md, "model.py").',
    '"""',
    'import torch',
    'from torch import nn',
    '',
    'from nnspec_torch import layers',
    ...initializerImport(layers),
    '',
    `MODEL_NAME = ${JSON.stringify(model.name)}`,
    `# One example's shape, without the batch axis (channels-last).`,
    `INPUT_SHAPE = ${pythonTuple(model.inputShape)}`,
    "# TF.js weight name (model.json's weightsManifest) -> (this module's parameter or buffer, layout conversion).",
    `TFJS_WEIGHTS = {`,
    ...weights,
    '}',
    '',
    '',
    `class ${className}(nn.Module):`,
    `    """\`model ${model.name}\`: ${model.trainableParams.toLocaleString('en-US')} trainable parameters, ${model.nonTrainableParams.toLocaleString('en-US')} non-trainable, as nnspec counts them."""`,
    '',
    '    # The table above, where nnspec_torch.weights looks for it.',
    '    TFJS_WEIGHTS = TFJS_WEIGHTS',
    '',
    '    def __init__(self) -> None:',
    '        super().__init__()',
    ...init,
    '',
    '    def forward(self, x: torch.Tensor) -> torch.Tensor:',
    ...forwardLines(model, layers, scaleAttribute, where, source !== undefined),
    '',
    '    def regularization_loss(self) -> torch.Tensor:',
    '        """The spec\'s regularizers as one loss term (Keras: l1 * sum(|w|) + l2 * sum(w ** 2)); zero when none."""',
    '        return layers.regularization_loss(self)',
    '',
    '',
    `def build_model() -> ${className}:`,
    `    """A new \`${model.name}\` with freshly initialised weights (the spec's initializers, drawn by torch's generator)."""`,
    `    return ${className}()`,
    '',
  ];
  return { value: lines.join('\n'), diagnostics: [] };
}

/**
 * The body of `forward`. A plain chain passes `x` on; a value some later node reads other than
 * the next one (a residual's skip, a branch) is kept under the node's name.
 */
function forwardLines(
  model: IrModel,
  layers: readonly ClassLayer[],
  scaleAttribute: string | undefined,
  where: (node: IrNode) => string,
  located: boolean,
): string[] {
  const input = model.nodes[0]!;
  const order = model.nodes.map((node) => node.name);
  const kept = new Set<string>();
  model.nodes.forEach((node, index) => {
    for (const name of node.inputs) if (order.indexOf(name) !== index - 1) kept.add(name);
  });
  if (model.output !== order[order.length - 1]) kept.add(model.output);
  // Locals may share a name with an attribute (`self.skip`, `skip`): separate namespaces.
  const variables = new IdentifierAllocator(RESERVED_LOCALS);
  const variable = new Map<string, string>();
  const lines: string[] = [];
  const keep = (name: string): void => {
    if (!kept.has(name)) return;
    const identifier = variables.allocate(name);
    variable.set(name, identifier);
    lines.push(`        ${identifier} = x`);
  };
  // The input line only when the spec shows it (lowering makes one for a model that takes its shape from its data).
  const comment = input.source === undefined || !located ? '' : `  ${where(input)}`;
  lines.push(`        # x: [batch, ${model.inputShape.map((size) => size ?? 'steps').join(', ')}]${comment}`);
  keep(input.name);
  layers.forEach((layer) => {
    const previous = order[order.indexOf(layer.node.name) - 1];
    const read = (name: string): string => (name === previous ? 'x' : variable.get(name)!);
    const inputs = layer.node.inputs.map(read);
    const argument = inputs.length === 1 ? inputs[0]! : `[${inputs.join(', ')}]`;
    lines.push(`        # ${where(layer.node)}`);
    lines.push(`        x = self.${layer.attribute}(${argument})`);
    keep(layer.node.name);
  });
  const output = model.output === order[order.length - 1] ? 'x' : variable.get(model.output)!;
  if (scaleAttribute !== undefined) {
    lines.push(`        return self.${scaleAttribute}(${output})`);
  } else {
    lines.push(`        return ${output}`);
  }
  return lines;
}

/** The import of the initializer and regularizer classes the constructors name, if any. */
function initializerImport(layers: readonly ClassLayer[]): string[] {
  const used = ['Initializer', 'Regularizer'].filter((name) => layers.some((layer) => layer.constructor.includes(`${name}(`)));
  return used.length === 0 ? [] : [`from nnspec_torch.initializers import ${used.join(', ')}`];
}

/** The widest line the generator writes before it puts each argument on its own line. */
const LINE_WIDTH = 110;

/**
 * `        target = layers.Dense(64, 256, ...)`, or when that is too wide, one argument per line
 * (the comment after the opening parenthesis).
 */
function assignment(target: string, call: string, comment: string): string[] {
  const line = `        ${target} = ${call}`;
  if (line.length <= LINE_WIDTH) return [`${line}${comment}`];
  const open = call.indexOf('(');
  const args = splitArguments(call.slice(open + 1, -1));
  // The positional arguments (sizes, a kind) read best together on one line.
  const positional = args.filter((arg) => !/^[a-z_0-9]+=/.test(arg));
  const keywords = args.slice(positional.length);
  const rows = [...(positional.length > 0 ? [positional.join(', ')] : []), ...keywords];
  return [`        ${target} = ${call.slice(0, open + 1)}${comment}`, ...rows.map((row) => `            ${row},`), '        )'];
}

/** The top-level arguments of a call's text (commas inside brackets and parentheses stay). */
function splitArguments(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"' && text[i - 1] !== '\\') quoted = !quoted;
    if (quoted) continue;
    if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char)) depth--;
    else if (char === ',' && depth === 0) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (text.trim() !== '') args.push(text.slice(start).trim());
  return args;
}

/**
 * `specs/digits.nn:14  dense(256, activation: relu)`, the node as written; without a span or the
 * spec's text, no line: `specs/digits.nn  dense_1 (dense)`.
 */
function specComment(node: IrNode, source: SourceText | undefined, specPath: string): string {
  if (node.source === undefined || source === undefined) return `${specPath}  ${node.name} (${node.type})`;
  const line = source.positionAt(node.source.start).line;
  const text = source.text.slice(node.source.start, node.source.end).replace(/\s+/g, ' ').trim();
  return `${specPath}:${line}  ${text}`;
}

function pythonTuple(shape: readonly (number | null)[]): string {
  const items = shape.map((size) => pythonLiteral(size));
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

function unmappedLayer(node: IrNode, source: SourceText | undefined, specPath: string): Diagnostic {
  const range = node.source !== undefined && source !== undefined ? source.rangeOf(node.source.start, node.source.end) : DOCUMENT_START;
  const line = node.source !== undefined && source !== undefined ? ` (${specPath}:${range.start.line})` : '';
  return {
    code: EXPORT_CODE.layerNotPytorch,
    severity: 'error',
    message: `layer \`${node.name}\` (\`${node.type}\`)${line} has no PyTorch equivalent in nnspec's exporter`,
    range,
    label: 'this layer has no PyTorch form',
    help: 'replace the layer by one docs/export.md lists for PyTorch, or export to ONNX (`--to onnx`)',
  };
}
