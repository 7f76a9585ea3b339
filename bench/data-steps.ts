/**
 * nnspec's data steps on the end-to-end benchmark's files, timed once in a fresh process, as
 * `nnspec train` runs them once: reading and parsing both IDX files, then splitting and
 * normalising. A fresh process each time because most of the cost of a first pass over 188 MB is
 * the operating system handing out new pages; numpy's figures (from `torch_train.py`) are also
 * each process's first pass.
 *
 * Usage: tsx bench/data-steps.ts DIR SEED; prints one JSON line {"readParse", "prepare"} in seconds.
 */
import path from 'node:path';
import { readDataFile } from '../dist/node.js';
import { idxDataset, parseIdx, prepareData } from '../dist/train.js';

const [dir, seed] = [process.argv[2]!, Number(process.argv[3])];
const files = { images: path.join(dir, 'train-images-idx3-ubyte'), labels: path.join(dir, 'train-labels-idx1-ubyte') };
const started = performance.now();
// The SHA-256 of each file is recorded as `nnspec train` records it (its report names the files read).
const reads: Parameters<typeof readDataFile>[1] = [];
const [images, labels] = await Promise.all([readDataFile(files.images, reads), readDataFile(files.labels, reads)]);
const dataset = idxDataset(parseIdx(images.value!, files.images).value!, parseIdx(labels.value!, files.labels).value!, files).value!;
const parsed = performance.now();
const prepared = prepareData(dataset, { split: { train: 0.8, validation: 0.1, test: 0.1 }, stratify: false, normalize: 'minmax', limit: null, seed });
if (prepared.value === undefined) throw new Error(`data steps: ${prepared.diagnostics[0]?.message}`);
const done = performance.now();
console.log(JSON.stringify({ readParse: (parsed - started) / 1000, prepare: (done - parsed) / 1000 }));
