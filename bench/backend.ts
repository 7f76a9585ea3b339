/**
 * The compiler's benchmark (issue 4): TF.js `model.fit` throughput of compiled nnspec models on
 * the wasm backend against the cpu backend, in one run: the 784-256-128-10 MLP with dropout 0.5
 * (batch 64, 10,000 samples; cpu on fewer) and the small conv net on 28x28x1.
 */
import { benchCases, table } from './models.js';
import { fitRate } from './throughput.js';

/** Runs the backend benchmark and returns its report as text. */
export async function runBackendBench(): Promise<string> {
  const cases = benchCases();
  const lines: string[][] = [['model.fit', 'wasm samples/s', 'cpu samples/s', 'wasm / cpu']];
  for (const [benchCase, counts] of [
    [cases.mlp, { wasm: 10_000, cpu: 2_000 }],
    [cases.conv, { wasm: 2_000, cpu: 128 }],
  ] as const) {
    const wasm = await fitRate(benchCase, 'wasm', counts.wasm, 2);
    const cpu = await fitRate(benchCase, 'cpu', counts.cpu, 1);
    lines.push([
      benchCase.title,
      wasm.samplesPerSecond.toFixed(0),
      cpu.samplesPerSecond.toFixed(0),
      `${(wasm.samplesPerSecond / cpu.samplesPerSecond).toFixed(1)}x`,
    ]);
  }
  return table(lines);
}
