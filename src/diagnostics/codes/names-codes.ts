import type { DiagnosticCodeInfo } from './code-info.js';
import { type CodeEntry, type CodeNumber, defineCodes } from './define-codes.js';

/** Builds an "unknown X" entry: they share their shape, only the kind and example differ. */
function unknownName<C extends CodeNumber>(code: C, kind: string, example: string, fixed: string, where: string): CodeEntry<C> {
  return {
    code,
    title: `unknown ${kind}`,
    severity: 'error',
    explanation: `The spec names ${kind === 'option' ? 'an' : 'a'} ${kind} that nnspec's catalogue does not have. Names are case-sensitive and use snake_case.

\`\`\`
${example}
\`\`\`

When a known name is close, the help line suggests it (and editors offer it as a quick fix):

\`\`\`
${fixed}
\`\`\`

${where}`,
  };
}

/** NN2xxx: names, parameters and types. */
export const NAME_FAMILY = defineCodes(
  { family: 'names', first: 2000, last: 2999 },
  {
    unknownLayer: unknownName(
      'NN2001',
      'layer',
      'model m {\n  input(shape: [4])\n  dens(16)\n}',
      'model m {\n  input(shape: [4])\n  dense(16)\n}',
      'Every layer is listed in `docs/catalogue.md`.',
    ),
    unknownParameter: unknownName(
      'NN2002',
      'parameter',
      'dense(16, activaton: relu)',
      'dense(16, activation: relu)',
      'Each layer, optimizer, schedule and loss has its own parameters; see `docs/catalogue.md`.',
    ),
    unknownOption: unknownName(
      'NN2003',
      'option',
      'train m on d {\n  epoch: 10\n}',
      'train m on d {\n  epochs: 10\n}',
      'The options of `data` and `train` blocks, of `split` and of `early_stopping` are listed in `docs/language.md`.',
    ),
    unknownValue: unknownName(
      'NN2004',
      'value',
      'dense(16, activation: rellu)',
      'dense(16, activation: relu)',
      'Options such as `activation`, `padding`, `normalize` and `mode` accept a fixed set of names; the message lists them.',
    ),
    unknownOptimizer: unknownName(
      'NN2005',
      'optimizer',
      'optimizer: adamw(learning_rate: 1e-3)',
      'optimizer: adam(learning_rate: 1e-3)',
      'Optimizers: `sgd`, `adam`, `adamax`, `rmsprop`, `adagrad`, `adadelta`.',
    ),
    unknownLoss: unknownName('NN2006', 'loss', 'loss: crossentropy', 'loss: categorical_crossentropy', 'Losses are listed in `docs/catalogue.md`.'),
    unknownMetric: unknownName(
      'NN2007',
      'metric',
      'metrics: [acc]',
      'metrics: [accuracy]',
      'Metrics: `accuracy`, `precision`, `recall`, `f1`, `auc`, `top_k_accuracy` for a classification; `mse`, `mae`, `rmse`, `r2` for a regression.',
    ),
    unknownSchedule: unknownName(
      'NN2008',
      'schedule',
      'schedule: step(drop: 0.5)',
      'schedule: step_decay(drop: 0.5)',
      'Schedules: `step_decay`, `exponential_decay`, `cosine_decay`, `reduce_on_plateau`.',
    ),
    unknownInitializer: unknownName(
      'NN2009',
      'initializer',
      'dense(16, kernel_initializer: glorot)',
      'dense(16, kernel_initializer: glorot_uniform)',
      'Initializers are listed in `docs/ir.md` and `docs/catalogue.md`.',
    ),
    unknownRegularizer: unknownName(
      'NN2010',
      'regularizer',
      'dense(16, kernel_regularizer: l3(0.01))',
      'dense(16, kernel_regularizer: l2(0.01))',
      'Regularizers: `l1(l1)`, `l2(l2)`, `l1l2(l1, l2)`.',
    ),
    duplicateParameter: {
      code: 'NN2020',
      title: 'parameter given twice',
      severity: 'error',
      explanation: `The same parameter or option is given more than once, by name or once by position and once by name. nnspec does not guess which one you meant.

\`\`\`
dense(16, units: 32)
\`\`\`

The diagnostic points at the second one and labels the first. Remove one of them.`,
    },
    positionalNotAllowed: {
      code: 'NN2021',
      title: 'positional argument not allowed',
      severity: 'error',
      explanation: `A positional (unnamed) argument is given to something that takes none by position, such as \`flatten\` or a layer whose parameters must be named.

\`\`\`
flatten(2)
batch_norm(0.9)
\`\`\`

Name the argument (\`batch_norm(momentum: 0.9)\`) or remove it.`,
    },
    tooManyPositionals: {
      code: 'NN2022',
      title: 'too many positional arguments',
      severity: 'error',
      explanation: `More arguments are given by position than the entry takes by position.

\`\`\`
dense(16, relu)
\`\`\`

\`dense\` takes only \`units\` by position; name the others: \`dense(16, activation: relu)\`.`,
    },
    missingParameter: {
      code: 'NN2023',
      title: 'missing required parameter',
      severity: 'error',
      explanation: `A parameter without a default is not given.

\`\`\`
dense(activation: relu)
\`\`\`

Give it, by position or by name: \`dense(16, activation: relu)\`.`,
    },
    positionalAfterNamed: {
      code: 'NN2024',
      title: 'positional argument after a named one',
      severity: 'error',
      explanation: `Positional arguments must come before named ones, or their position would be ambiguous.

\`\`\`
conv2d(filters: 16, 3)
\`\`\`

Put the positional ones first, or name them all: \`conv2d(16, 3)\` or \`conv2d(filters: 16, kernel_size: 3)\`.`,
    },
    missingOption: {
      code: 'NN2025',
      title: 'missing required option',
      severity: 'error',
      explanation: `A \`data\` or \`train\` block lacks an option that has no default, such as the data's \`source\` or the training's \`loss\`.

\`\`\`
data d {
  normalize: minmax
}
\`\`\`

Add it: \`source: builtin.digits\`.`,
    },
    wrongType: {
      code: 'NN2030',
      title: 'wrong type',
      severity: 'error',
      explanation: `A value has the wrong type for its parameter: text where a number is expected, a fraction where a whole number is expected, a single number where a list is expected.

\`\`\`
dense(12.5)
\`\`\`

The message says what was expected ("\`units\` must be a whole number, got 12.5"). Give a value of that type.`,
    },
    outOfRange: {
      code: 'NN2031',
      title: 'value out of range',
      severity: 'error',
      explanation: `A number is outside the range its parameter allows. Examples: a dropout rate must be at least 0 and below 1 (a rate of 1 drops every unit, so nothing can be learned); \`units\`, \`filters\`, kernel sizes, \`epochs\` and \`batch_size\` must be at least 1; \`patience\` and \`start_from_epoch\` at least 0; learning rates above 0.

\`\`\`
dropout(1)
\`\`\`

The message gives the allowed range; pick a value inside it, e.g. \`dropout(0.5)\`.

A \`repeat\` count is out of range too when it unrolls the model past 100,000 steps (each layer produced, and each repetition of an empty body): \`repeat 1000000 { repeat 1000000 { } }\` is reported at the count that crosses the limit, with the size the model would have. Use a smaller count.`,
    },
    duplicateDeclaration: {
      code: 'NN2040',
      title: 'duplicate declaration',
      severity: 'error',
      explanation: `Two \`model\` blocks, or two \`data\` blocks, have the same name, so a \`train\` block could not tell which is meant.

\`\`\`
model net { input(shape: [2])  dense(1) }
model net { input(shape: [2])  dense(2) }
\`\`\`

The diagnostic points at the second declaration and labels the first. Rename one of them.`,
    },
    unknownModel: {
      code: 'NN2041',
      title: 'unknown model',
      severity: 'error',
      explanation: `A \`train\` block names a model that is not declared in the file.

\`\`\`
model mlp { input(shape: [4])  dense(3, activation: softmax) }
train mpl on iris { loss: categorical_crossentropy  optimizer: adam  epochs: 10 }
\`\`\`

Use the name of a \`model\` block (the help suggests the closest one).`,
    },
    unknownData: {
      code: 'NN2042',
      title: 'unknown data',
      severity: 'error',
      explanation: `A \`train\` block, or the \`test\` of a \`split\`, names a data set that is not declared in the file.

\`\`\`
data iris { source: builtin.iris }
train net on irsi { loss: categorical_crossentropy  optimizer: adam  epochs: 10 }
\`\`\`

Use the name of a \`data\` block (the help suggests the closest one).`,
    },
    unusedModel: {
      code: 'NN2050',
      title: 'unused model',
      severity: 'warning',
      explanation: `A \`model\` block is not trained by any \`train\` block. It is still checked and can be compiled, but \`nnspec train\` will not train it.

\`\`\`
model draft { input(shape: [4])  dense(3) }
\`\`\`

Add \`train draft on <data> { ... }\`, or remove the model if it is left over.`,
    },
    unusedData: {
      code: 'NN2051',
      title: 'unused data',
      severity: 'warning',
      explanation: `A \`data\` block is not used by any \`train\` block nor as the \`test\` set of another data block.

\`\`\`
data old { source: builtin.iris }
\`\`\`

Use it in a \`train\` block, or remove it.`,
    },
    paramShadowsBlock: {
      code: 'NN2060',
      title: 'param named like a block',
      severity: 'error',
      explanation: `A \`param\` has the name of a \`model\` or \`data\` block. A name such as \`test: holdout\` could then mean either.

\`\`\`
data holdout { source: builtin.iris }
param holdout = 0.2
\`\`\`

Give the param a name of its own.`,
    },
    unusedParam: {
      code: 'NN2061',
      title: 'unused param',
      severity: 'warning',
      explanation: `A \`param\` is declared but no data, model or train declaration uses it. When a study varies it, every setting trains the same spec.

\`\`\`
param rate = 0.5
model mlp { input(shape: [4])  dropout(0.5)  dense(3, activation: softmax) }
\`\`\`

Write the param where the value goes (\`dropout(rate)\`), or remove it.`,
    },
    unknownParam: {
      code: 'NN2062',
      title: 'unknown param',
      severity: 'error',
      explanation: `A study's \`grid\` or \`random\` names a param that is not declared.

\`\`\`
param rate = 0.5
study dropout { grid: { rat: [0, 0.5] } }
\`\`\`

Use the name of a \`param\` (the help suggests the closest), or declare it: \`param rat = 0.1\`.`,
    },
    emptyGrid: {
      code: 'NN2063',
      title: 'empty grid',
      severity: 'error',
      explanation: `A study's \`grid\` is empty, or gives a param an empty list: there is no setting to train.

\`\`\`
study dropout { grid: { rate: [] } }
\`\`\`

List at least one value for each varied param: \`grid: { rate: [0, 0.5] }\`.`,
    },
    studySearch: {
      code: 'NN2064',
      title: 'study without a search',
      severity: 'error',
      explanation: `A study needs exactly one of \`grid\` (every combination of lists) and \`random\` (sampled settings, with \`trials\`), and \`trials\` only goes with \`random\`.

\`\`\`
study lr { random: { lr: log_uniform(1e-4, 1e-1) } }
\`\`\`

Add \`trials: 20\` to a random study; give a grid study no \`trials\` (its size is the number of combinations).`,
    },
    studyTrain: {
      code: 'NN2065',
      title: 'study without a train declaration',
      severity: 'error',
      explanation: `A study varies one \`train\` declaration: the one its \`train:\` names by model, or the file's only one.

\`\`\`
train small on digits { ... }
train large on digits { ... }
study s { grid: { rate: [0, 0.5] } }
\`\`\`

Name the model: \`train: large\`.`,
    },
    studySeeds: {
      code: 'NN2066',
      title: 'invalid seeds',
      severity: 'error',
      explanation: `\`seeds\` is a count (seeds 1..K) or a list of distinct whole numbers.

\`\`\`
study s { grid: { rate: [0, 0.5] }  seeds: [1, 1] }
\`\`\`

Write \`seeds: 5\`, or list each seed once: \`seeds: [3, 7, 11]\`.`,
    },
    tooManySettings: {
      code: 'NN2067',
      title: 'too many settings',
      severity: 'error',
      explanation: `A study has more settings than nnspec checks (the limit is in docs/studies.md): every setting is checked before the first trial, and each trains several times.

\`\`\`
study huge { grid: { a: [1, 2, 3, ...], b: [...], c: [...] } }
\`\`\`

Vary fewer params at once, or sample with \`random\` and \`trials\`.`,
    },
    studyDomain: {
      code: 'NN2068',
      title: 'invalid sampling domain',
      severity: 'error',
      explanation: `A value of \`random:\` must be a sampling domain (\`uniform(low, high)\`, \`log_uniform(low, high)\`, \`int_uniform(low, high)\`, \`choice(a, b, ...)\`) with \`low\` below \`high\` and at least one choice.

\`\`\`
study s { random: { lr: log_uniform(0.1, 0.001) }  trials: 10 }
\`\`\`

Give the lower bound first: \`log_uniform(0.001, 0.1)\`.`,
    },
    unknownOutput: {
      code: 'NN2070',
      title: 'unknown output name',
      severity: 'error',
      explanation: `A merge (\`add(h)\`) or a \`from\` names an output that is not defined before it in its scope. A name is defined by \`NAME = layer(...)\` and can be used after that line. Names are scoped: a block's body sees only its own names (and its parameters), not the model's; a name defined in a \`repeat\` body is fresh in each repetition and is not seen after the \`repeat\`.

\`\`\`
model m {
  input(shape: [4])
  dense(8)
  add(h)
}
\`\`\`

Name the output first (\`h = dense(8)\`), fix the spelling (the help suggests the closest name), or, inside a block, pass what it needs as the block's input instead of naming an outside output.`,
    },
    duplicateOutput: {
      code: 'NN2071',
      title: 'output named twice',
      severity: 'error',
      explanation: `Two layers of the same scope (a model body, a block body or one repetition of a \`repeat\`) give their output the same name, so a later \`add(h)\` or \`from h\` could mean either.

\`\`\`
model m {
  input(shape: [4])
  h = dense(8)
  h = dense(8)
  add(h)
}
\`\`\`

Rename one of them.`,
    },
    blockRecursion: {
      code: 'NN2072',
      title: 'recursive block',
      severity: 'error',
      explanation: `A block uses itself, directly or through other blocks, so expanding it would never end. The message names the cycle (\`a -> b -> a\`).

\`\`\`
block a(n) { dense(n)  b(n) }
block b(n) { a(n) }
\`\`\`

Break the cycle: a block may use other blocks, and \`repeat\` to stack a piece several times.`,
    },
    inputInBlock: {
      code: 'NN2073',
      title: '`input` inside a block',
      severity: 'error',
      explanation: `A block's input is the chain's output where the block is used, so its body cannot declare an \`input\`.

\`\`\`
block stem() {
  input(shape: [8, 8, 1])
  conv2d(16, 3)
}
\`\`\`

Move \`input(...)\` to the model that uses the block.`,
    },
    blockShadowsLayer: {
      code: 'NN2074',
      title: 'block named like a layer',
      severity: 'error',
      explanation: `A block has the name of a catalogue layer (or of another block), so a call of that name would be ambiguous.

\`\`\`
block dense(units) { dense(units)  dropout(0.1) }
\`\`\`

Give the block a name of its own: \`block dense_drop(units) { ... }\`.`,
    },
    mergeArgument: {
      code: 'NN2075',
      title: 'merge input is not a name',
      severity: 'error',
      explanation: `The positional arguments of a merge layer (\`add\`, \`subtract\`, \`multiply\`, \`average\`, \`maximum\`, \`minimum\`, \`concatenate\`) are the names of the outputs it merges; its parameters (\`axis\`) are given by name.

\`\`\`
model m {
  input(shape: [8, 8, 3])
  a = conv2d(8, 3, padding: same)
  concatenate(a, -1)
}
\`\`\`

Write the names of outputs (\`concatenate(a)\`) and the parameters by name (\`concatenate(a, axis: -1)\`).`,
    },
    mergeInputCount: {
      code: 'NN2076',
      title: 'merge has the wrong number of inputs',
      severity: 'error',
      explanation: `A merge reads the chain's current output and the named outputs it lists (the current output first, unless it is listed). Every merge needs at least two inputs, and \`subtract\` exactly two.

\`\`\`
model m {
  input(shape: [4])
  h = dense(8)
  add(h)
}
\`\`\`

Here \`h\` is also the current output, so \`add\` has one input. Name another output and list it (\`add(h, g)\`), or continue the chain before merging (\`h = dense(8)  dense(8)  add(h)\`).`,
    },
    unusedOutput: {
      code: 'NN2077',
      title: 'named output never used',
      severity: 'warning',
      explanation: `An output is named (\`h = dense(8)\`) but no merge or \`from\` uses the name. The chain still goes on from it, so the name is only noise, or a skip connection was forgotten.

\`\`\`
model m {
  input(shape: [4])
  h = dense(8)
  dense(3, activation: softmax)
}
\`\`\`

Use it (\`add(h)\`, \`from h\`), or remove the name.`,
    },
    unusedBlock: {
      code: 'NN2078',
      title: 'unused block',
      severity: 'warning',
      explanation: `A block is declared but no model or other block uses it.

\`\`\`
block conv_block(filters) { conv2d(filters, 3, padding: same)  batch_norm() }
model m { input(shape: [8, 8, 1])  flatten()  dense(10, activation: softmax) }
\`\`\`

Use it like a layer (\`conv_block(16)\`), or remove it.`,
    },
    duplicateBlockParam: {
      code: 'NN2079',
      title: 'block parameter declared twice',
      severity: 'error',
      explanation: `A block lists the same parameter name twice, so a use could not say which one it gives a value to.

\`\`\`
block b(units, units) { dense(units) }
\`\`\`

Rename one of them.`,
    },
  },
);

/** The name, parameter and type codes by name, so the checker never spells a code by hand. */
export const NAME_CODE = NAME_FAMILY.codes;

/** One of the codes in {@link NAME_CODE}. */
export type NameCode = (typeof NAME_CODE)[keyof typeof NAME_CODE];

/** Every names code's info, for docs/errors and `nnspec explain`. */
export const NAME_CODES: readonly DiagnosticCodeInfo[] = NAME_FAMILY.infos;
