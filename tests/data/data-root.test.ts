import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSource } from '../../src/train/data/load-data.js';
import { isInsideDataRoot, openDataRoot, type DataRoot } from '../../src/train/data/data-root-node.js';
import { documentOf } from '../runner/helpers.js';
import { csvTrainSpec, trainSpec } from '../support/train-spec.js';

let base: string;
let root: DataRoot;
const SECRET = 'root:x:0:0:root:/root:/bin/bash';

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'nnspec-root-')));
  mkdirSync(join(base, 'root', 'sub'), { recursive: true });
  mkdirSync(join(base, 'outside'));
  writeFileSync(join(base, 'root', 'data.csv'), `a,b,kind\n${Array.from({ length: 20 }, (_, i) => `${i},${i * 2},${i % 2 ? 'odd' : 'even'}`).join('\n')}\n`);
  writeFileSync(join(base, 'outside', 'secret.csv'), `${SECRET}\nline two\n`);
  symlinkSync(join(base, 'outside'), join(base, 'root', 'out-dir'));
  symlinkSync(join(base, 'outside', 'secret.csv'), join(base, 'root', 'out-file.csv'));
  symlinkSync(join(base, 'outside', 'gone.csv'), join(base, 'root', 'dangling.csv'));
  symlinkSync(join(base, 'root', 'data.csv'), join(base, 'root', 'sub', 'in-link.csv'));
  const opened = openDataRoot(join(base, 'root'));
  if (!('root' in opened)) throw new Error(opened.error);
  root = opened.root;
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** The document of a CSV spec reading `path`, lowered (with its source spans). */
function csvData(path: string) {
  return documentOf(csvTrainSpec(path));
}

async function load(path: string, dataRoot: string | undefined = join(base, 'root')) {
  const document = csvData(path);
  return loadSource(document.training!.data, { baseDir: join(base, 'root'), seed: 1, specText: '', dataRoot });
}

describe('isInsideDataRoot', () => {
  it('takes paths inside the root, `..` that stays inside, and links that point inside', () => {
    expect(isInsideDataRoot(join(base, 'root', 'data.csv'), root)).toBe(true);
    expect(isInsideDataRoot(join(base, 'root', 'sub', '..', 'data.csv'), root)).toBe(true);
    expect(isInsideDataRoot(join(base, 'root', 'sub', 'in-link.csv'), root)).toBe(true);
    expect(isInsideDataRoot(join(base, 'root', 'sub', 'not-yet.csv'), root)).toBe(true);
  });

  it('refuses `..` escapes, absolute paths elsewhere, and links that point outside, existing or not', () => {
    expect(isInsideDataRoot(join(base, 'root', '..', 'outside', 'secret.csv'), root)).toBe(false);
    expect(isInsideDataRoot('/etc/passwd', root)).toBe(false);
    expect(isInsideDataRoot(join(base, 'root', 'out-file.csv'), root)).toBe(false);
    expect(isInsideDataRoot(join(base, 'root', 'out-dir', 'secret.csv'), root)).toBe(false);
    expect(isInsideDataRoot(join(base, 'root', 'out-dir', 'missing.csv'), root)).toBe(false);
    expect(isInsideDataRoot(join(base, 'root', 'dangling.csv'), root)).toBe(false);
    // A sibling folder whose name starts like the root's is not inside it.
    expect(isInsideDataRoot(join(base, 'root-other', 'x.csv'), root)).toBe(false);
  });

  it('says why a root cannot be one', () => {
    expect(openDataRoot(join(base, 'nope'))).toEqual({ error: 'does not exist' });
    expect(openDataRoot(join(base, 'root', 'data.csv'))).toEqual({ error: 'is not a folder' });
  });
});

describe('loading with a data root', () => {
  it('reads a path inside the root', async () => {
    const { value, diagnostics } = await load('data.csv');
    expect(diagnostics).toEqual([]);
    expect(value!.count).toBe(20);
    expect((await load('sub/in-link.csv')).value!.count).toBe(20);
  });

  it('refuses a `../` escape with NN4504 at the path, quoting nothing of the file', async () => {
    const { value, diagnostics } = await load('../outside/secret.csv');
    expect(value).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    const [diagnostic] = diagnostics;
    expect(diagnostic!.code).toBe('NN4504');
    expect(diagnostic!.message).toBe('data path `../outside/secret.csv` of `points` is outside the data root; it was not read');
    expect(diagnostic!.file).toBeUndefined();
    expect(JSON.stringify(diagnostics)).not.toContain('root:x');
  });

  it('refuses an absolute path and a symbolic link that points outside', async () => {
    for (const path of [join(base, 'outside', 'secret.csv'), 'out-file.csv', 'out-dir/secret.csv']) {
      const { value, diagnostics } = await load(path);
      expect(value).toBeUndefined();
      expect(diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['NN4504']);
    }
  });

  it('gives the same diagnostic for a missing and an existing file outside', async () => {
    for (const written of ['../outside/later.csv', 'out-dir/later.csv']) {
      const missing = await load(written);
      writeFileSync(join(base, 'outside', 'later.csv'), `${SECRET}\n`);
      const existing = await load(written);
      rmSync(join(base, 'outside', 'later.csv'));
      expect(missing.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['NN4504']);
      expect(existing).toEqual(missing);
    }
  });

  it('leaves built-in sources allowed', async () => {
    const document = documentOf(trainSpec('builtin.digits', { data: 'digits', inputs: 64, classes: 10 }));
    const { value, diagnostics } = await loadSource(document.training!.data, { baseDir: join(base, 'root'), seed: 1, dataRoot: join(base, 'root') });
    expect(diagnostics).toEqual([]);
    expect(value!.count).toBe(1797);
  });

  it('checks both IDX files, and reports a root that is not a folder (NN4505)', async () => {
    const document = documentOf(
      trainSpec('idx(images: "../outside/a-idx3-ubyte", labels: "out-dir/b-idx1-ubyte")', { data: 'mnist', inputs: 64, classes: 10 }),
    );
    const refused = await loadSource(document.training!.data, { baseDir: join(base, 'root'), seed: 1, dataRoot: join(base, 'root') });
    expect(refused.diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
      'data path `../outside/a-idx3-ubyte` of `mnist` is outside the data root; it was not read',
      'data path `out-dir/b-idx1-ubyte` of `mnist` is outside the data root; it was not read',
    ]);
    const badRoot = await load('data.csv', join(base, 'nope'));
    expect(badRoot.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.message])).toEqual([
      ['NN4505', `the data root \`${join(base, 'nope')}\` does not exist, so no data file can be read`],
    ]);
  });

  it('points at the path in the spec', async () => {
    const specText = csvTrainSpec('../outside/secret.csv');
    const { diagnostics } = await loadSource(documentOf(specText).training!.data, {
      baseDir: join(base, 'root'),
      seed: 1,
      specText,
      dataRoot: join(base, 'root'),
    });
    expect(diagnostics[0]!.range.start).toEqual({ offset: 34, line: 2, column: 21 });
    expect(specText.slice(diagnostics[0]!.range.start.offset, diagnostics[0]!.range.end.offset)).toBe('"../outside/secret.csv"');
  });
});
