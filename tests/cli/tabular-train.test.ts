import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNnspec } from './run-cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'nnspec-cli-tabular-'));
  const rows = Array.from({ length: 40 }, (_, i) => `${i},${i % 5},${['red', 'blue'][i % 2]},${1000 + 10 * i}`);
  writeFileSync(path.join(dir, 'houses.csv'), `id,rooms,color,price\n${rows.join('\n')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = (options: string, inputs: number) => `data houses {
  source: csv(path: "houses.csv", label: "price")
${options}
  split: { train: 0.8, validation: 0.2 }
}
model m {
  input(shape: [${inputs}])
  dense(1)
}
train m on houses {
  loss: mse
  optimizer: adam
  epochs: 2
}
`;

describe('nnspec train on tabular data', () => {
  it('points an unknown column at its name in the spec, with the closest column', async () => {
    writeFileSync(path.join(dir, 'typo.nn'), spec('  features: ["rooms", "colour"]', 3));
    const run = await runNnspec(['train', 'typo.nn', '--no-color'], { cwd: dir });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`error[NN4630]: column \`colour\` in \`features\` is not in the header of \`${path.join(dir, 'houses.csv')}\``);
    expect(run.stderr).toContain('typo.nn:3:23');
    expect(run.stderr).toContain('did you mean `color`?');
  });

  it('one-hot encodes a text column, checks the encoded width against the input, and writes the record into the JSON report', async () => {
    writeFileSync(path.join(dir, 'narrow.nn'), spec('  drop: ["id"]', 2));
    const narrow = await runNnspec(['train', 'narrow.nn', '--no-color'], { cwd: dir });
    expect(narrow.code).toBe(1);
    // The encoded width is checked at the model's input, as any other shape mismatch.
    expect(narrow.stderr).toContain(
      `error[NN4804]: data \`houses\` from \`${path.join(dir, 'houses.csv')}\` has examples of shape [3] (3 values), which does not fit the model's input [2] (2 values)\n --> narrow.nn:7:3`,
    );
    expect(narrow.stderr).toContain("= help: make the model's input shape [3]");
    writeFileSync(path.join(dir, 'houses.nn'), spec('  drop: ["id"]\n  normalize_target: standard', 3));
    const run = await runNnspec(['train', 'houses.nn', '--json', 'report.json'], { cwd: dir });
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'));
    expect(report.data.featureShape).toEqual([3]);
    expect(report.data.preprocessing).toMatchObject({
      label: 'price',
      columns: [
        { name: 'rooms', kind: 'numeric', fill: null },
        { name: 'color', kind: 'one-hot', categories: ['blue', 'red'], fill: null },
      ],
      featureNames: ['rooms', 'color=blue', 'color=red'],
      target: { kind: 'standard' },
      unseenCategories: [],
    });
  });
});
