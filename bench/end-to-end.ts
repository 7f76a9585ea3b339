/**
 * The end-to-end row (issue 17): a whole `nnspec train` process against a whole PyTorch process
 * doing the same work (`torch_train.py`) on the same 60,000 generated examples in MNIST's IDX
 * format: read and parse, split 80/10/10, per-pixel min-max scaling, the 784-256-128-10 MLP with
 * dropout, Adam, batch 64, 8 epochs with a clean-train and a validation evaluation after each,
 * early stopping on val_loss with the best weights restored, a final evaluation of the test split
 * (both sides reuse the restored epoch's train and validation evaluations), and a report. Both sides run the same epochs: the patience equals the epoch count, so the
 * stopping rule watches and restores but never ends a run early. With a short patience the two
 * stopped at different epochs (nnspec's Glorot start and PyTorch's Kaiming one, different masks
 * and shuffles: 7 epochs against 6 on 2026-12-02), and the row compared luck, not speed. Wall
 * time of each process from spawn to exit, best of 3 runs (the median too), PyTorch at 1 and at
 * 2 threads. Then the data steps alone: nnspec's
 * (`data-steps.ts`) and numpy's (as `torch_train.py` timed them), each a fresh process's first pass.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLine } from './machine-load.js';
import { mnistLikeFiles, type IdxFiles } from './mnist-like.js';
import { median, table } from './stats.js';
import { pythonWithTorch, referenceBlasWarning, torchScript } from './throughput.js';

const EPOCHS = 8;
const PATIENCE = EPOCHS;
const SEED = 1;
const RUNS = 3;

/** The spec both sides run; `torch_train.py` restates it in PyTorch. */
const SPEC = `// The end-to-end benchmark's spec (bench/end-to-end.ts), written beside its generated IDX files.
data digits {
  source: idx(images: "train-images-idx3-ubyte", labels: "train-labels-idx1-ubyte")
  normalize: minmax
  split: { train: 0.8, validation: 0.1, test: 0.1 }
}

model mlp {
  input(shape: [784])
  dense(256, activation: relu)
  dropout(0.2)
  dense(128, activation: relu)
  dropout(0.2)
  dense(10, activation: softmax)
}

train mlp on digits {
  loss: categorical_crossentropy
  metrics: [accuracy]
  optimizer: adam(learning_rate: 1e-3)
  epochs: ${EPOCHS}
  batch_size: 64
  early_stopping: { monitor: val_loss, patience: ${PATIENCE}, restore_best_weights: true }
  seed: ${SEED}
}
`;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface ProcessRun {
  seconds: number;
  stdout: string;
}

/** Runs a command to its end; the wall time is taken around spawn and exit in this process. */
function timedProcess(command: string, args: string[]): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = (performance.now() - started) / 1000;
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
      else resolve({ seconds: wall, stdout });
    });
  });
}

/** A command to time, and what to call it in the progress lines. */
interface Contender {
  what: string;
  command: string;
  args: string[];
}

/**
 * Runs every contender RUNS times, in turn (A B C D A B C D ...), so that a drift of the machine's
 * speed during the benchmark (seen on these shared 2-core machines: whole minutes at 60% speed)
 * falls on every contender alike rather than on whichever ran last. Says each run on stderr
 * with the load.
 */
async function interleaved(contenders: Contender[]): Promise<ProcessRun[][]> {
  const runs: ProcessRun[][] = contenders.map(() => []);
  for (let run = 0; run < RUNS; run++) {
    for (const [i, { what, command, args }] of contenders.entries()) {
      const result = await timedProcess(command, args);
      runs[i]!.push(result);
      console.error(`  end to end: ${what}, run ${run + 1} of ${RUNS}: ${result.seconds.toFixed(2)} s; ${loadLine()}`);
    }
  }
  return runs;
}

interface Side {
  label: string;
  runs: ProcessRun[];
  /** What the run did, from its output: epochs run, best epoch, test accuracy. */
  outcome: string;
}

function nnspecOutcome(reportFile: string): string {
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
    summary: { epochsRun: number; bestEpoch: number | null; test: { metrics: Record<string, number> } | null };
    training: { threads: number };
  };
  const { epochsRun, bestEpoch, test } = report.summary;
  return `${epochsRun} epochs, best ${bestEpoch}, test accuracy ${test?.metrics.accuracy?.toFixed(4) ?? '-'}, ${report.training.threads} thread(s)`;
}

interface TorchOutcome {
  timings: { load: number; split: number; normalize: number };
  epochsRun: number;
  bestEpoch: number;
  test: [number, number];
  torch: string;
  blas: string;
}

function torchOutcome(stdout: string): TorchOutcome {
  return JSON.parse(stdout.trim().split('\n').pop()!) as TorchOutcome;
}

/** nnspec's data steps, each run in a fresh process (`data-steps.ts`): the least of each over the runs. */
async function nnspecDataSteps(files: IdxFiles): Promise<{ readParse: number; prepare: number }> {
  const script = path.join(ROOT, 'bench', 'data-steps.ts');
  const [runs] = await interleaved([{ what: 'nnspec data steps', command: process.execPath, args: ['--import', 'tsx', script, files.dir, String(SEED)] }]);
  const steps = runs!.map((run) => JSON.parse(run.stdout.trim()) as { readParse: number; prepare: number });
  return { readParse: Math.min(...steps.map((step) => step.readParse)), prepare: Math.min(...steps.map((step) => step.prepare)) };
}

const seconds = (value: number) => `${value.toFixed(2)} s`;

/** Runs the end-to-end benchmark and returns its report as text. */
export async function runEndToEndBench(): Promise<string> {
  const files = mnistLikeFiles();
  const spec = path.join(files.dir, 'bench.nn');
  writeFileSync(spec, SPEC);
  const title = `### End to end: \`nnspec train\` against bench/torch_train.py, 60,000 MNIST-format examples (${files.dir}), ${EPOCHS} epochs on both sides (early stopping's patience ${PATIENCE}: it restores the best epoch's weights, and stops neither run early), whole-process wall time over ${RUNS} runs`;
  // Each nnspec side writes its report to a file of its own: its terminal output (epoch lines,
  // summary, charts) is read by nobody, as PyTorch's is.
  const reportFile = (threads: string) => path.join(files.dir, `nnspec-report-threads-${threads}.json`);
  // One thread, and --threads auto (which measures 1 against 2 threads at start and says what it chose).
  const nnspecThreads = ['1', 'auto'];
  const interpreter = pythonWithTorch();
  const torchThreads = interpreter ? [1, 2] : [];
  const contenders: Contender[] = [
    ...nnspecThreads.map((threads) => ({
      what: `nnspec train --threads ${threads}`,
      command: process.execPath,
      args: [path.join(ROOT, 'bin', 'nnspec.js'), 'train', spec, '--threads', threads, '--json', reportFile(threads)],
    })),
    ...torchThreads.map((threads) => ({
      what: `PyTorch, ${threads} thread${threads === 1 ? '' : 's'}`,
      command: interpreter!,
      args: [torchScript('torch_train.py'), files.dir, String(threads), String(EPOCHS), String(PATIENCE), String(SEED)],
    })),
  ];
  const runs = await interleaved(contenders);
  const sides: Side[] = nnspecThreads.map((threads, i) => ({
    label: `nnspec train --threads ${threads}, wasm`,
    runs: runs[i]!,
    outcome: nnspecOutcome(reportFile(threads)),
  }));
  const nnspecSides = sides.length;
  const numpyRuns: TorchOutcome['timings'][] = [];
  let warning: string | null = null;
  torchThreads.forEach((threads, i) => {
    const torchRuns = runs[nnspecSides + i]!;
    const outcome = torchOutcome(torchRuns[0]!.stdout);
    warning ??= referenceBlasWarning(outcome.blas);
    numpyRuns.push(...torchRuns.map((run) => torchOutcome(run.stdout).timings));
    sides.push({
      label: `PyTorch ${outcome.torch}, ${outcome.blas}, ${threads} thread${threads === 1 ? '' : 's'}`,
      runs: torchRuns,
      outcome: `${outcome.epochsRun} epochs, best ${outcome.bestEpoch}, test accuracy ${outcome.test[1].toFixed(4)}`,
    });
  });
  const bestOf = (side: Side) => Math.min(...side.runs.map((run) => run.seconds));
  const torchBest = sides.length > nnspecSides ? Math.min(...sides.slice(nnspecSides).map(bestOf)) : undefined;
  const lines = [['process', 'best', 'median', 'PyTorch best / this', 'what it did']];
  for (const side of sides) {
    lines.push([
      side.label + (bestOf(side) === torchBest ? ' (best)' : ''),
      seconds(bestOf(side)),
      seconds(median(side.runs.map((run) => run.seconds))),
      torchBest === undefined ? '-' : `${(torchBest / bestOf(side)).toFixed(2)}x`,
      side.outcome,
    ]);
  }
  if (!interpreter) lines.push(['PyTorch (python3 with torch not found: apt-get install python3-torch)', 'skipped', '', '', '']);
  const steps = await nnspecDataSteps(files);
  const least = (pick: (timings: TorchOutcome['timings']) => number) => (numpyRuns.length > 0 ? seconds(Math.min(...numpyRuns.map(pick))) : '-');
  const dataLines = [
    ["data step, a fresh process's first pass (least of the runs)", 'nnspec', 'numpy'],
    ['read + parse IDX (to float32)', seconds(steps.readParse), least((t) => t.load)],
    ['split + min-max normalise', seconds(steps.prepare), least((t) => t.split + t.normalize)],
    ['both', seconds(steps.readParse + steps.prepare), least((t) => t.load + t.split + t.normalize)],
  ];
  return `${title}\n\n${warning ? `${warning}\n\n` : ''}${table(lines)}\n\n${table(dataLines)}`;
}
