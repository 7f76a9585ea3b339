import type { DiagnosticCodeInfo } from './code-info.js';

/** The graph codes by name: named outputs, merges, `from`, blocks and their scopes. */
export const GRAPH_CODE = {
  unknownOutput: 'NN2070',
  duplicateOutput: 'NN2071',
  blockRecursion: 'NN2072',
  inputInBlock: 'NN2073',
  blockShadowsLayer: 'NN2074',
  mergeArgument: 'NN2075',
  mergeInputCount: 'NN2076',
  unusedOutput: 'NN2077',
  unusedBlock: 'NN2078',
  duplicateBlockParam: 'NN2079',
  mergeShapes: 'NN3016',
  unreachableLayer: 'NN3017',
  mergeAxis: 'NN3018',
} as const;

/** One of the codes in {@link GRAPH_CODE}. */
export type GraphCode = (typeof GRAPH_CODE)[keyof typeof GRAPH_CODE];

/** NN2070-NN2079 and NN3016-NN3018: graph models (names, merges, branches and blocks). */
export const GRAPH_CODES: readonly DiagnosticCodeInfo[] = [
  {
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
  {
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
  {
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
  {
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
  {
    code: 'NN2074',
    title: 'block named like a layer',
    severity: 'error',
    explanation: `A block has the name of a catalogue layer (or of another block), so a call of that name would be ambiguous.

\`\`\`
block dense(units) { dense(units)  dropout(0.1) }
\`\`\`

Give the block a name of its own: \`block dense_drop(units) { ... }\`.`,
  },
  {
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
  {
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
  {
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
  {
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
  {
    code: 'NN2079',
    title: 'block parameter declared twice',
    severity: 'error',
    explanation: `A block lists the same parameter name twice, so a use could not say which one it gives a value to.

\`\`\`
block b(units, units) { dense(units) }
\`\`\`

Rename one of them.`,
  },
  {
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
  {
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
  {
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
];
