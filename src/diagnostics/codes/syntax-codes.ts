import type { DiagnosticCodeInfo } from './code-info.js';
import { defineCodes } from './define-codes.js';

/** NN1xxx: syntax (owned by the parser). */
export const SYNTAX_FAMILY = defineCodes(
  { family: 'syntax', first: 1000, last: 1999 },
  {
    documentTooLarge: {
      code: 'NN1000',
      title: 'document too large for the language server',
      severity: 'info',
      explanation: `The language server analyses documents of up to 2 MB as you type; a larger one (always a generated spec) gets this note instead of diagnostics, so the editor stays responsive.

\`\`\`
// a 10 MB generated spec opened in an editor
\`\`\`

Check it from the command line instead: \`nnspec check big.nn\` reports every diagnostic.`,
    },
    unexpectedCharacter: {
      code: 'NN1001',
      title: 'unexpected character',
      severity: 'error',
      explanation: `A character that cannot start anything in the \`.nn\` language: names are letters, digits and \`_\`, numbers are decimal, strings are in double quotes, and the punctuation is \`{ } ( ) [ ] , : .\`.

\`\`\`
model m {
  dense(64) # a comment
}
\`\`\`

Comments start with \`//\` or are written \`/* ... */\`: write \`dense(64) // a comment\`.`,
    },
    unterminatedString: {
      code: 'NN1002',
      title: 'unterminated string',
      severity: 'error',
      explanation: `A string starts with \`"\` but its line ends before the closing \`"\`. Strings cannot span lines.

\`\`\`
data d { source: csv("data/digits.csv, label: "digit") }
\`\`\`

Close the string where it ends: \`csv("data/digits.csv", label: "digit")\`. Write a line break inside a string as \`\\n\`.`,
    },
    unterminatedComment: {
      code: 'NN1003',
      title: 'unterminated block comment',
      severity: 'error',
      explanation: `A \`/*\` comment is never closed, so everything after it is part of the comment and ignored.

\`\`\`
/* the model
model m { dense(10) }
\`\`\`

Close the comment with \`*/\`.`,
    },
    missingComma: {
      code: 'NN1004',
      title: 'missing comma',
      severity: 'error',
      explanation: `Two arguments, list items or object entries are written on one line without a \`,\` between them. Commas are optional only across line breaks.

\`\`\`
model m { dense(64 activation: relu) }
\`\`\`

Write \`dense(64, activation: relu)\`, or put each entry on its own line.`,
    },
    expectedValue: {
      code: 'NN1005',
      title: 'expected a value',
      severity: 'error',
      explanation: `A value is missing after a \`:\`, in a list or in a call: a number (\`0.5\`, \`1e-3\`, \`-2\`), a string (\`"data/x.csv"\`), \`true\`/\`false\`, a name (\`relu\`, \`builtin.digits\`), a list (\`[64]\`), an object (\`{ train: 0.8 }\`) or a call (\`l2(1e-4)\`).

\`\`\`
train m on d { epochs: }
\`\`\`

Write the value: \`epochs: 20\`.`,
    },
    unclosedDelimiter: {
      code: 'NN1006',
      title: 'unclosed bracket',
      severity: 'error',
      explanation: `A \`{\`, \`(\` or \`[\` is not closed before something that cannot be inside it. The error points at the place where the closer was expected (after the last thing read), and a label points at the opener.

\`\`\`
model m {
  dense(64, activation: relu
  dense(10)
}
\`\`\`

Add the closer: \`dense(64, activation: relu)\`.`,
    },
    expectedDeclaration: {
      code: 'NN1007',
      title: 'expected a declaration',
      severity: 'error',
      explanation: `At the top level a spec holds only declarations: \`data NAME { ... }\`, \`model NAME { ... }\` and \`train MODEL on DATA { ... }\`, in any order. Something else was found, often a stray closing bracket or a misspelt keyword.

\`\`\`
modle m { dense(10) }
\`\`\`

Write \`model m { dense(10) }\`.`,
    },
    expectedName: {
      code: 'NN1008',
      title: 'expected a name',
      severity: 'error',
      explanation: `A name is missing: after \`data\` or \`model\`, in \`train MODEL on DATA\`, or as a property key. Names are letters, digits and \`_\`, not starting with a digit.

\`\`\`
model { dense(10) }
\`\`\`

Name the model: \`model classifier { dense(10) }\`.`,
    },
    unexpectedToken: {
      code: 'NN1009',
      title: 'unexpected token',
      severity: 'error',
      explanation: `The parser expected one thing and found another, e.g. a property without its \`:\`, \`train m d\` without \`on\`, or a layer name without its parentheses.

\`\`\`
train m on d { epochs 10 }
\`\`\`

Write \`epochs: 10\`. The message names what was expected and what was found.`,
    },
    badEscape: {
      code: 'NN1010',
      title: 'unknown escape in a string',
      severity: 'error',
      explanation: `Inside a string, \`\\\` starts an escape: \`\\"\`, \`\\\\\`, \`\\n\`, \`\\t\`, \`\\r\`, \`\\/\`, \`\\0\`, \`\\u00e9\` or \`\\u{1F600}\`. Any other character after \`\\\` is an error.

\`\`\`
data d { source: csv("C:\\data\\digits.csv", label: "digit") }
\`\`\`

Write a backslash as \`\\\\\`, or use forward slashes in paths: \`"C:/data/digits.csv"\`.`,
    },
    expectedLayer: {
      code: 'NN1011',
      title: 'expected a layer',
      severity: 'error',
      explanation: `A model's body holds layer calls (\`dense(64)\`, \`flatten()\`) and \`repeat N { ... }\` blocks, one per line. Something else was found, e.g. a property or a bare value.

\`\`\`
model m {
  units: 64
}
\`\`\`

Write a layer call: \`dense(64)\`.`,
    },
    nestingTooDeep: {
      code: 'NN1012',
      title: 'nesting too deep',
      severity: 'error',
      explanation: `Brackets (\`{\`, \`(\`, \`[\`) are nested more than 64 deep. No spec needs that; it is almost always generated text gone wrong. The parser stops reading at that bracket, so the rest of the file is not checked.

\`\`\`
model m { input(shape: [[[[[[ ... 65 levels ... ]]]]]]) }
\`\`\`

Flatten the value, or fix the generator that wrote it.`,
    },
    numberOutOfRange: {
      code: 'NN1013',
      title: 'number too large',
      severity: 'error',
      explanation: `A number literal is too large to be represented: numbers are 64-bit floats, whose size ends at about 1.8e308, and a literal past it (\`1e309\`, \`-1e999\`, or a few hundred digits) would be infinite. It is an error wherever the number is written (layer and optimizer arguments, \`train\` and \`data\` properties, lists, \`repeat\` counts), so an infinite learning rate is not found only when TF.js refuses it.

\`\`\`
optimizer: adam(learning_rate: 1e309)
\`\`\`

Write the number you meant: \`adam(learning_rate: 1e-3)\`.`,
    },
    invalidFormatOption: {
      code: 'NN1014',
      title: 'invalid formatter option',
      severity: 'error',
      explanation: `The formatter (\`format(text, options)\` in the API, and the language server's formatting, whose \`tabSize\` becomes \`indent\`) was given an option it cannot use: \`indent\` must be a whole number of spaces from 0 to 16, \`maxWidth\` a whole number of at least 1 or \`Infinity\`. The text is returned unchanged.

\`\`\`
format(text, { indent: -1 })
\`\`\`

Pass a valid value (\`{ indent: 2 }\`), or leave the option out for its default (\`indent\` 2, \`maxWidth\` 100).`,
    },
  },
);

/** The syntax codes by name, so the parser never spells a code by hand. */
export const SYNTAX_CODE = SYNTAX_FAMILY.codes;

/** Every syntax code's info, for docs/errors and `nnspec explain`. */
export const SYNTAX_CODES: readonly DiagnosticCodeInfo[] = SYNTAX_FAMILY.infos;
