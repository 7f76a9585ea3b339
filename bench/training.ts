/**
 * Training speed on WASM against PyTorch (issues 7 and 17): samples/s for nnspec's trainer
 * (1 thread and 2 threads: the fused step's kernel threads for all three models, or data-parallel
 * replicas for a model the fused step does not take; each row names its engine), plain TF.js `model.fit` on wasm and on
 * cpu, and PyTorch on the CPU at 1 and at 2 threads when `python3` can import torch. Ratios are
 * to the faster PyTorch row, all measured in this one run on this machine. Then the end-to-end
 * row: whole `nnspec train` processes against an equivalent PyTorch script on 60,000 generated
 * MNIST-format examples (`end-to-end.ts`).
 */
import os from 'node:os';
import { runEndToEndBench } from './end-to-end.js';
import { loadLine } from './machine-load.js';
import { benchCases, table, type BenchCase } from './models.js';
import { fitRate, nnspecRate, referenceBlasWarning, torchRate, type Rate, type TorchRate } from './throughput.js';

interface Row {
  engine: string;
  rate: Rate | null;
}

function rows(benchCase: BenchCase, results: Row[], reference: number | undefined, warning: string | null): string {
  const lines: string[][] = [['engine', 'samples/s', 'vs PyTorch best', 'last-epoch loss']];
  for (const { engine, rate } of results) {
    if (!rate) {
      lines.push([engine, 'skipped', '', '']);
      continue;
    }
    lines.push([
      engine + (rate.note ? ` (${rate.note})` : ''),
      rate.samplesPerSecond.toFixed(0),
      reference ? `${(rate.samplesPerSecond / reference).toFixed(2)}x` : '-',
      rate.loss === undefined || !Number.isFinite(rate.loss) ? '-' : rate.loss.toFixed(4),
    ]);
  }
  return `### ${benchCase.title}\n\n${warning ? `${warning}\n\n` : ''}${table(lines)}`;
}

/** The PyTorch rows, at 1 and 2 threads; the faster one is the reference and says so. */
function torchRows(benchCase: BenchCase, count: number, epochs: number): { rows: Row[]; best: number | undefined; warning: string | null } {
  const measured = [1, 2].map((threads) => torchRate(benchCase, count, epochs, threads));
  if (measured.some((rate) => rate === null)) {
    return { rows: [{ engine: 'PyTorch (python3 with torch not found: apt-get install python3-torch)', rate: null }], best: undefined, warning: null };
  }
  const rates = measured as TorchRate[];
  const best = Math.max(...rates.map((rate) => rate.samplesPerSecond));
  return {
    best,
    warning: referenceBlasWarning(rates[0]!.blas),
    rows: rates.map((rate) => ({
      engine: `PyTorch ${rate.version}, ${rate.blas}, ${rate.threads} thread${rate.threads === 1 ? '' : 's'}${rate.samplesPerSecond === best ? ' (best)' : ''}`,
      rate,
    })),
  };
}

async function measureCase(benchCase: BenchCase, counts: { main: number; cpu: number }, epochs: number): Promise<string> {
  // PyTorch first, while the machine is as quiet as it gets: it suffers most from any load.
  const torch = torchRows(benchCase, counts.main, epochs);
  const results: Row[] = [
    { engine: 'nnspec trainer, wasm, 1 thread', rate: await nnspecRate(benchCase, 'wasm', 1, counts.main, epochs) },
    {
      engine: 'nnspec trainer, wasm, 2 threads',
      rate: os.availableParallelism() >= 2 ? await nnspecRate(benchCase, 'wasm', 2, counts.main, epochs) : null,
    },
    { engine: 'TF.js model.fit, wasm', rate: await fitRate(benchCase, 'wasm', counts.main, epochs) },
    { engine: `TF.js model.fit, cpu (${counts.cpu} samples)`, rate: await fitRate(benchCase, 'cpu', counts.cpu, 1) },
    ...torch.rows,
  ];
  return rows(benchCase, results, torch.best, torch.warning);
}

/** Runs the training-speed benchmark and returns its report as text. */
export async function runTrainingBench(): Promise<string> {
  const cases = benchCases();
  const measurements: (() => Promise<string>)[] = [
    async () => `before: ${loadLine()}`,
    () => measureCase(cases.mlp, { main: 10_000, cpu: 2_000 }, 2),
    // An epoch of the small model takes tens of milliseconds: time 15 of them, not 3, for a steady median.
    () => measureCase(cases.small, { main: 1_500, cpu: 1_500 }, 15),
    () => measureCase(cases.conv, { main: 2_000, cpu: 128 }, 2),
    runEndToEndBench,
    async () => `after: ${loadLine()}`,
  ];
  const parts: string[] = [];
  for (const measure of measurements) {
    parts.push(await measure());
    // Each table also goes to stderr as soon as it is measured: the whole section takes minutes, more on a loaded machine.
    console.error(`${parts[parts.length - 1]}\n`);
  }
  return parts.join('\n\n');
}
