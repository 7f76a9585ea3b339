/**
 * The hostile inputs of issue 16, kept as a corpus every fuzz run of `npm test` replays through
 * the same worker and properties as generated inputs: each once hung, threw, accepted a
 * non-finite number or wrote raw control characters to the terminal.
 */
import type { DataInput } from './data-generators.js';
import { idxBytes } from './data-generators.js';
import type { FrontInput } from './front-generators.js';

const model = (body: string) => `model m {\n  input(shape: [4])\n  ${body}\n  dense(3, activation: softmax)\n}\n`;
const digits = (optimizer: string) =>
  `data d { source: builtin.iris }\nmodel m {\n  input(shape: [4])\n  dense(3, activation: softmax)\n}\ntrain m on d { loss: categorical_crossentropy, optimizer: ${optimizer}, epochs: 1 }\n`;

/** Front-end inputs: what defect of issue 16 each is in `kind`. */
export const FRONT_CORPUS: readonly FrontInput[] = [
  { kind: 'issue16-1 nested empty repeat', text: model('repeat 1000000 { repeat 1000000 { } }') },
  { kind: 'issue16-1 huge empty repeat', text: model('repeat 2147483647 { }') },
  { kind: 'issue16-8 non-finite literal', text: digits('adam(learning_rate: 1e309)') },
  { kind: 'issue16-9 format indent -1', text: model('dense(8)'), formatOptions: { indent: -1 } },
  { kind: 'issue16-9 format indent Infinity', text: model('dense(8)'), formatOptions: { indent: Infinity } },
  { kind: 'issue16-9 format indent 1e9', text: model('dense(8)'), formatOptions: { indent: 1e9 } },
  { kind: 'issue16-10 long unknown layer name', text: model(`${'x'.repeat(100_000)}(8)`) },
  { kind: 'issue16-6 escape in a spec', text: model('dense(8) \x1b]0;pwned\x07 \x1b[2J') },
];

const encoder = new TextEncoder();

/** Ten examples (the split needs a few in each part), with `poison` at the first value. */
function idxWith(type: number, poison: number): Record<string, Uint8Array> {
  const values = Array.from({ length: 40 }, (_, index) => (index === 0 ? poison : index / 40));
  return { images: idxBytes(type, [10, 2, 2], values), labels: idxBytes(0x08, [10], [0, 1, 0, 1, 0, 1, 0, 1, 0, 1]) };
}

/** A CSV file of ten rows whose fourth row holds an escape sequence (a title change) in column `b`. */
function csvWithEscape(): Record<string, Uint8Array> {
  const rows = Array.from({ length: 10 }, (_, index) => `${index},${index === 3 ? '\x1b]0;pwned\x07' : index * 2},${index % 2 === 0 ? 'x' : 'y'}`);
  return { 'data.csv': encoder.encode(`a,b,label\n${rows.join('\n')}\n`) };
}

/** Data inputs of issue 16 that fit a test (bombs are the long run's: `npm run fuzz -- --target data`). */
export const DATA_CORPUS: readonly DataInput[] = [
  { kind: 'issue16-7 NaN in float32 IDX', format: 'idx', files: idxWith(0x0d, Number.NaN) },
  { kind: 'issue16-7 Infinity in float64 IDX', format: 'idx', files: idxWith(0x0e, Infinity) },
  { kind: 'issue16-6 escape in a label name', format: 'csv', files: csvWithEscape(), label: '\x1b[2J' },
  { kind: 'issue16-6 escape in a CSV cell', format: 'csv', files: csvWithEscape(), label: 'label' },
  // Found by the long runs (seed 16) once the fixes were in: wrong ranges, both.
  {
    kind: 'fuzz data #324 quoted cell holding a line break',
    format: 'csv',
    files: { 'data.csv': encoder.encode('f0,f1,label\n1,7,a\n"line\nbreak",9,b\n2,3,a\n') },
    label: 'label',
  },
  {
    kind: 'fuzz data #1342 dimensions overflowing to Infinity, then 0',
    format: 'idx',
    files: { images: idxBytes(0x08, [...Array.from({ length: 40 }, () => 0xffffffff), 0], [7]), labels: idxBytes(0x08, [1], [0]) },
  },
];
