/**
 * Training speed on WASM against PyTorch (issue 7): samples/s for nnspec's trainer (1 thread
 * and data-parallel over 2 worker threads), plain TF.js `model.fit` on wasm and on cpu, and
 * PyTorch on the CPU with 2 threads when `python3` can import torch. Ratios are to PyTorch, all
 * measured in this one run on this machine.
 */
import os from 'node:os';
import { benchCases, table, type BenchCase } from './models.js';
import { fitRate, nnspecRate, torchRate, type Rate } from './throughput.js';

interface Row {
  engine: string;
  rate: Rate | null;
}

function rows(benchCase: BenchCase, results: Row[], reference: number | undefined): string {
  const lines: string[][] = [['engine', 'samples/s', 'vs PyTorch', 'last-epoch loss']];
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
  return `### ${benchCase.title}\n\n${table(lines)}`;
}

async function measureCase(benchCase: BenchCase, counts: { main: number; cpu: number }, epochs: number): Promise<string> {
  const torch = torchRate(benchCase, counts.main, epochs, 2);
  const results: Row[] = [
    { engine: 'nnspec trainer, wasm, 1 thread', rate: await nnspecRate(benchCase, 'wasm', 1, counts.main, epochs) },
    {
      engine: 'nnspec trainer, wasm, 2 worker threads',
      rate: os.availableParallelism() >= 2 ? await nnspecRate(benchCase, 'wasm', 2, counts.main, epochs) : null,
    },
    { engine: 'TF.js model.fit, wasm', rate: await fitRate(benchCase, 'wasm', counts.main, epochs) },
    { engine: `TF.js model.fit, cpu (${counts.cpu} samples)`, rate: await fitRate(benchCase, 'cpu', counts.cpu, 1) },
    { engine: torch ? `PyTorch ${torch.version}, CPU, 2 threads` : 'PyTorch (python3 with torch not found: apt-get install python3-torch)', rate: torch },
  ];
  return rows(benchCase, results, torch?.samplesPerSecond);
}

/** Runs the training-speed benchmark and returns its report as text. */
export async function runTrainingBench(): Promise<string> {
  const cases = benchCases();
  const parts = [
    await measureCase(cases.mlp, { main: 10_000, cpu: 2_000 }, 2),
    // An epoch of the small model takes tens of milliseconds: time 15 of them, not 3, for a steady median.
    await measureCase(cases.small, { main: 1_500, cpu: 1_500 }, 15),
    await measureCase(cases.conv, { main: 2_000, cpu: 128 }, 2),
  ];
  return parts.join('\n\n');
}
