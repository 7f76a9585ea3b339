import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { trainingReportSchema } from '../../src/report/report-schema.js';
import { runNnspec } from './run-cli.js';

const SPEC = `data sine {
  source: synthetic.sine(samples: 200, noise: 0.1, seed: 2)
  split: { train: 0.6, validation: 0.2, test: 0.2 }
}
model net {
  input(shape: [1])
  dense(16, activation: tanh)
  dense(1)
}
train net on sine {
  loss: mean_squared_error
  metrics: [mae, mse, rmse, r2]
  optimizer: adam(learning_rate: 0.01)
  epochs: 3
  batch_size: 16
  early_stopping: { monitor: val_r2, patience: 5 }
  seed: 1
}
`;

describe('nnspec train on a regression with mae, rmse and r2', () => {
  it.each([1, 2])(
    'reports them in every output, headlines mae, and never says accuracy (%i thread)',
    async (threads) => {
      const out = mkdtempSync(path.join(tmpdir(), 'nnspec-regression-'));
      writeFileSync(path.join(out, 'sine.nn'), SPEC);
      const run = await runNnspec(['train', 'sine.nn', '--threads', String(threads), '--json', 'r.json', '--html', 'r.html'], { cwd: out });
      expect(run.stderr).not.toMatch(/error/);
      expect(run.code).toBe(0);
      expect(run.stdout).not.toMatch(/acc/);
      expect(run.stdout.match(/^epoch +\d+ .* mae \d\.\d{3}\/\d\.\d{3} /gm)).toHaveLength(3);
      expect(run.stdout).toMatch(/^ {2}split +loss +mae +mse +rmse +r2$/m);
      expect(run.stdout).toMatch(/^ {2}test mae: \d\.\d{4}$/m);
      const report = trainingReportSchema.parse(JSON.parse(readFileSync(path.join(out, 'r.json'), 'utf8')));
      expect(report.training.metrics).toEqual(['mae', 'mse', 'rmse', 'r2']);
      expect(report.training.threads).toBe(threads);
      // val_r2 is better higher: mode auto watched it upwards.
      expect(report.summary).toMatchObject({ monitor: 'val_r2', mode: 'max' });
      for (const split of ['train', 'validation', 'test'] as const) {
        const metrics = report.summary[split]!.metrics;
        expect(Object.keys(metrics)).toEqual(['mae', 'mse', 'rmse', 'r2']);
        // Exact over the split: RMSE is the root of the split's MSE, R² is below 1.
        expect(metrics.rmse).toBeCloseTo(Math.sqrt(metrics.mse!), 5);
        expect(metrics.r2).toBeLessThan(1);
      }
      for (const record of report.history) expect(Object.keys(record.valMetrics)).toEqual(['mae', 'mse', 'rmse', 'r2']);
      const html = readFileSync(path.join(out, 'r.html'), 'utf8');
      expect(html).toContain('<th>mae</th><th>mse</th><th>rmse</th><th>r2</th>');
      expect(html).toContain('mae per epoch');
      expect(html).not.toMatch(/accuracy/);
    },
    60_000,
  );
});
