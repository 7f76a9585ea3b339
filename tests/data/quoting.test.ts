import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { checkSource } from '../../src/check/index.js';
import { parseCsvDataset } from '../../src/train/data/csv-dataset.js';
import { probeData } from '../../src/train/data/probe.js';
import { readDataHead } from '../../src/train/data/read-head-node.js';
import { resolveDataPath } from '../../src/train/data/read-file-node.js';
import { runNnspec } from '../cli/run-cli.js';

/** Like /etc/passwd: `:`-separated fields, one user a line (the GECOS field of the third has commas). */
const PASSWD_LINES = [
  'root:x:0:0:root:/root:/bin/bash',
  'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
  'alice:x:1000:1000:Alice Liddell,,,:/home/alice:/bin/bash',
];
/** Like /proc/self/environ: NUL-separated KEY=VALUE, a value with commas among them (so it splits at `,`). */
const ENVIRON_ENTRIES = ['HOME=/home/alice', 'API_TOKEN=s3cr3t-t0k3n', 'PATH=/usr/bin:/bin', 'LS_COLORS=rs=0,di=01;34,ln=01;36', 'LANG=C.UTF-8'];
/** Every piece of the files a message must not show. */
const SECRETS = [
  ...PASSWD_LINES,
  ...PASSWD_LINES.flatMap((line) => line.split(/[:,]/)).filter((part) => part.length > 3 && !['root', 'home'].includes(part)),
  ...ENVIRON_ENTRIES,
  's3cr3t',
  'di=01',
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'nnspec-quoting-'));
  writeFileSync(path.join(dir, 'passwd'), `${PASSWD_LINES.join('\n')}\n`);
  writeFileSync(path.join(dir, 'environ'), `${ENVIRON_ENTRIES.join('\0')}\0`);
  writeFileSync(path.join(dir, 'iris.csv'), 'sepal_length,sepal_width,species\n5.1,3.5,setosa\n4.9,3.0,setosa\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Everything a user sees of diagnostics: messages, labels, help lines. */
function shown(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => [d.message, d.label ?? '', d.help ?? '', ...(d.labels ?? []).map((label) => label.message)].join('\n')).join('\n');
}

function expectNothingQuoted(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

/** A spec training a small classifier on `source` (a `csv(...)` or `idx(...)` call). */
const specOn = (source: string) => `data d {
  source: ${source}
}
model m {
  input(shape: [2])
  dense(2, activation: softmax)
}
train m on d {
  loss: categorical_crossentropy
  optimizer: adam
  epochs: 1
}
`;
const csvSpec = (file: string) => specOn(`csv(path: "${file}", label: "y")`);
const idxSpec = (images: string, labels: string) => specOn(`idx(images: "${images}", labels: "${labels}")`);

describe('what data messages quote', () => {
  it('a passwd-like file read as CSV: NN4635 says what is wrong and quotes no line, even with a label of its first field', () => {
    const text = `${PASSWD_LINES.join('\n')}\n`;
    for (const label of ['y', 'root']) {
      const { value, diagnostics } = parseCsvDataset(text, { file: '/etc/passwd', label, task: null });
      expect(value).toBeUndefined();
      expect(diagnostics).toHaveLength(1);
      expect(diagnostics[0]).toMatchObject({ code: 'NN4635', message: 'data file `/etc/passwd` does not look like a CSV file: its first line has no `,`' });
      // No `file`: a renderer would show the line a file range points into.
      expect(diagnostics[0].file).toBeUndefined();
      expectNothingQuoted(shown(diagnostics));
    }
  });

  it('an environ-like file (NUL-separated, commas in a value) read as CSV: a control character, nothing quoted', () => {
    const text = `${ENVIRON_ENTRIES.join('\0')}\0`;
    const { diagnostics } = parseCsvDataset(text, { file: '/proc/self/environ', label: 'y', task: null });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'NN4635',
      message: 'data file `/proc/self/environ` does not look like a CSV file: its first line holds a control character (U+0000)',
    });
    expectNothingQuoted(shown(diagnostics));
  });

  it('a first line with a field too long for a column name, or a quote never closed, is not a header', () => {
    const long = parseCsvDataset(`id,${'k'.repeat(300)}\n1,2\n`, { file: 'key.csv', label: 'y', task: null }).diagnostics;
    expect(long[0]).toMatchObject({
      code: 'NN4635',
      message: 'data file `key.csv` does not look like a CSV file: its first line has a field of 300 characters, longer than a column name (at most 256)',
    });
    const open = parseCsvDataset('"a,b\nsecret,line\n', { file: 'open.csv', label: 'y', task: null }).diagnostics;
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      code: 'NN4635',
      message: 'data file `open.csv` does not look like a CSV file: its first line opens a quote that is never closed',
    });
  });

  it('a real CSV with a wrong label still lists its columns, and a one-column file of just the label is a CSV', () => {
    const { diagnostics } = parseCsvDataset('sepal_length,sepal_width,species\n5.1,3.5,setosa\n', { file: 'iris.csv', label: 'Species', task: null });
    expect(diagnostics[0]).toMatchObject({ code: 'NN4602', help: 'did you mean `species`? the columns are `sepal_length`, `sepal_width`, `species`' });
    expect(parseCsvDataset('y\n1\n2\n', { file: 'y.csv', label: 'y', task: null }).diagnostics).toEqual([]);
  });

  it('`nnspec train` on them prints no line of the files, NN4635 and NN4610 pointing at the path in the spec', async () => {
    writeFileSync(path.join(dir, 'passwd.nn'), csvSpec('passwd'));
    writeFileSync(path.join(dir, 'environ.nn'), csvSpec('environ'));
    writeFileSync(path.join(dir, 'idx.nn'), idxSpec('passwd', 'environ'));
    for (const [spec, codes] of [
      ['passwd.nn', ['NN4635']],
      ['environ.nn', ['NN4635']],
      ['idx.nn', ['NN4610', 'NN4610']],
    ] as const) {
      const run = await runNnspec(['train', spec, '--no-color'], { cwd: dir });
      expect(run.code).toBe(1);
      expect(run.stderr.match(/NN\d{4}/g)).toEqual(codes);
      expect(run.stderr).toContain(`${spec}:2:`);
      expectNothingQuoted(run.stdout + run.stderr);
    }
  });

  it('`check --data` (and the language server, which shares the probe) quotes nothing of them either', async () => {
    for (const spec of [csvSpec('passwd'), csvSpec('environ'), idxSpec('passwd', 'environ')]) {
      const checked = checkSource(spec);
      const found = await probeData(checked.value, { readHead: readDataHead, resolvePath: (file) => resolveDataPath(file, dir), specText: spec });
      expect(found.diagnostics.map((d) => d.code)).toEqual(spec.includes('idx(') ? ['NN4610', 'NN4610'] : ['NN4635']);
      expect(found.diagnostics.every((d) => d.file === undefined)).toBe(true);
      expect(found.texts.size).toBe(0);
      expectNothingQuoted(shown(found.diagnostics));
    }
  });
});
