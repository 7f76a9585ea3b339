import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateErrorDocs } from '../../scripts/generate-error-docs.js';
import { DATA_CODE, DATA_CODES, DATA_FAMILY } from '../../src/diagnostics/codes/data-codes.js';
import { DATA_FILE_FAMILY } from '../../src/diagnostics/codes/data-file-codes.js';
import type { CodeEntry, CodeFamily } from '../../src/diagnostics/codes/define-codes.js';
import { CODE_FAMILIES, DIAGNOSTIC_CODES, describeCode } from '../../src/diagnostics/codes/index.js';
import { NAME_CODE, NAME_FAMILY } from '../../src/diagnostics/codes/names-codes.js';
import { SHAPE_CODE, SHAPE_FAMILY } from '../../src/diagnostics/codes/shapes-codes.js';
import { STUDY_RUN_CODE, STUDY_RUN_FAMILY } from '../../src/diagnostics/codes/study-codes.js';
import { SYNTAX_CODE, SYNTAX_FAMILY } from '../../src/diagnostics/codes/syntax-codes.js';
import { TRAINING_CODE, TRAINING_FAMILY } from '../../src/diagnostics/codes/training-codes.js';
import { runNnspec } from '../cli/run-cli.js';
import { repoRoot } from '../support/repo-root.js';

type AnyFamily = CodeFamily<Readonly<Record<string, CodeEntry>>>;

const codesFolder = path.join(repoRoot, 'src', 'diagnostics', 'codes');

/** Every TypeScript file of src/ (outside the registry) and of the playground's code, joined: where codes are reported from. */
function reportingSource(): string {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const file = path.join(folder, name);
      if (statSync(file).isDirectory()) {
        if (file !== codesFolder) walk(file);
      } else if (name.endsWith('.ts')) files.push(file);
    }
  };
  walk(path.join(repoRoot, 'src'));
  // The playground reports NN4703 (data files cannot be read in a browser).
  walk(path.join(repoRoot, 'playground', 'src'));
  return files.map((file) => readFileSync(file, 'utf8')).join('\n');
}

/** Every declared code, with its family and name. */
const declared = CODE_FAMILIES.flatMap((family) => Object.entries(family.entries).map(([name, entry]) => ({ family: family.range.family, name, entry })));

// Codes reported while reading data or training (the data-file, data and study-run families) have
// no small spec that triggers them; their explanations describe the situation and the fix instead.
const RUN_TIME_FAMILIES = new Set(['data-file', 'data', 'study-run', 'bundle', 'predict', 'export']);

describe('the registry of diagnostic codes', () => {
  it('holds every family, and every family file of src/diagnostics/codes declares one', async () => {
    expect(CODE_FAMILIES.map((family) => family.range.family)).toEqual([
      'syntax',
      'names',
      'shapes',
      'training',
      'data-file',
      'data',
      'study-run',
      'bundle',
      'predict',
      'export',
    ]);
    const files = readdirSync(codesFolder).filter((name) => name.endsWith('-codes.ts') && name !== 'define-codes.ts');
    for (const file of files) {
      const module = (await import(path.join(codesFolder, file))) as Record<string, unknown>;
      const families = Object.values(module).filter((value): value is AnyFamily => CODE_FAMILIES.includes(value as AnyFamily));
      expect(families.length, `${file} exports a family listed in CODE_FAMILIES (see define-codes.ts on converting a file)`).toBe(1);
      // A name map written by hand (the old way) would repeat codes the family does not hold.
      for (const [exported, value] of Object.entries(module)) {
        if (!exported.endsWith('_CODE')) continue;
        for (const code of Object.values(value as Record<string, string>)) expect(describeCode(code), `${file}: ${exported} names ${code}`).toBeDefined();
      }
    }
  });

  it('is what the stages read: the name maps and the info lists derive from it', () => {
    expect(SYNTAX_CODE).toEqual(SYNTAX_FAMILY.codes);
    expect(NAME_CODE).toEqual(NAME_FAMILY.codes);
    expect(SHAPE_CODE).toEqual(SHAPE_FAMILY.codes);
    expect(TRAINING_CODE).toEqual(TRAINING_FAMILY.codes);
    expect(STUDY_RUN_CODE).toEqual(STUDY_RUN_FAMILY.codes);
    expect(DATA_CODE).toEqual({ ...DATA_FILE_FAMILY.codes, ...DATA_FAMILY.codes });
    expect(NAME_CODE.unknownLayer).toBe('NN2001');
    expect(SHAPE_CODE.rankMismatch).toBe('NN3001');
    expect(DATA_CODE.fileNotFound).toBe('NN4501');
    expect(DATA_CODES.map((info) => info.code).sort()).toEqual(
      [...DATA_FILE_FAMILY.infos, ...STUDY_RUN_FAMILY.infos, ...DATA_FAMILY.infos].map((info) => info.code).sort(),
    );
    expect(DIAGNOSTIC_CODES.map((info) => info.code)).toEqual(declared.map(({ entry }) => entry.code).sort());
  });

  it('declares each code once, in its family range', () => {
    const codes = declared.map(({ entry }) => entry.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const family of CODE_FAMILIES) {
      for (const info of family.infos) {
        const number = Number(info.code.slice(2));
        expect(number >= family.range.first && number <= family.range.last, `${info.code} in ${family.range.family}`).toBe(true);
      }
    }
  });

  it('lists every code in `nnspec explain --list`, once each', async () => {
    const list = await runNnspec(['explain', '--list']);
    expect(list.code).toBe(0);
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines.map((line) => line.slice(0, 6))).toEqual(DIAGNOSTIC_CODES.map((info) => info.code));
  });
});

describe('every diagnostic code', () => {
  const source = reportingSource();
  const pages = generateErrorDocs();

  it.each(declared.map((row) => [row.entry.code, row] as const))(
    '%s is explained, documented, reported and found by `nnspec explain`',
    async (code, { family, name, entry }) => {
      // Lowercase, like rustc's; an acronym (`IDX`, `CSV`) keeps its capitals.
      expect(entry.title, code).toMatch(/^([a-z`]|[A-Z]{2,}\b)/);
      expect(['error', 'warning', 'info']).toContain(entry.severity);
      expect(entry.explanation.length, code).toBeGreaterThan(60);
      if (!RUN_TIME_FAMILIES.has(family)) expect(entry.explanation, `${code}: an example in a fenced block`).toContain('```');

      // docs/errors/ is generated from the registry; the committed page must match it.
      const page = readFileSync(path.join(repoRoot, 'docs', 'errors', `${code}.md`), 'utf8');
      expect(page).toBe(pages.get(`${code}.md`));
      expect(page).toContain(`# ${code}: ${entry.title}\n`);

      // Reported somewhere in src/ by name (`X_CODE.name`) or by number; a reserved code must not be.
      const used = new RegExp(`\\b[A-Z_]+_CODE\\.${name}\\b`).test(source) || source.includes(`'${code}'`);
      expect(
        used,
        entry.reserved ? `${code} is reported now: drop \`reserved\`` : `${code} (${family}.${name}) is reported nowhere in src/: use it or mark it reserved`,
      ).toBe(!entry.reserved);

      expect(describeCode(code.toLowerCase())?.title).toBe(entry.title);
      const run = await runNnspec(['explain', code]);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`${code}: ${entry.title} (${entry.severity})\n\n${entry.explanation.trim()}\n`);
    },
  );
});
