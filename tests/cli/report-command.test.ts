import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNnspec } from './run-cli.js';
import { parseReportJson } from '../../src/report/read-report.js';
import type { TrainingReport } from '../../src/report/report-schema.js';

let dir: string;
let report: TrainingReport;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nnspec-report-cli-'));
  const trained = await runNnspec(['train', 'specs/iris.nn', '--epochs', '3', '--quiet', '--json', path.join(dir, 'run.json')]);
  expect(trained.code, trained.stderr).toBe(0);
  report = JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')) as TrainingReport;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('nnspec report', () => {
  it('prints the summary of a saved report and writes its HTML', async () => {
    const html = path.join(dir, 'run.html');
    const run = await runNnspec(['report', path.join(dir, 'run.json'), '--html', html]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Summary');
    expect(run.stdout).toContain(`epoch ${report.summary.stopEpoch} of 3`);
    expect(run.stderr).toContain(`wrote ${html}`);
    const page = readFileSync(html, 'utf8');
    expect(page.startsWith('<!doctype html>') || page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain(report.model.name);
  });

  it('with --quiet prints nothing but the file written', async () => {
    const run = await runNnspec(['report', path.join(dir, 'run.json'), '--quiet', '--html', path.join(dir, 'quiet.html')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
  });

  it('names the field of a report that breaks the schema, and writes nothing', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...report, summary: { ...report.summary, bestEpoch: 'x' } }));
    const html = path.join(dir, 'bad.html');
    const run = await runNnspec(['report', bad, '--html', html]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error[NN5211]: summary.bestEpoch: expected a number');
    expect(run.stderr).toContain(`--> ${bad}:1:1`);
    expect(existsSync(html)).toBe(false);
  });

  it('refuses a file that is not JSON, not a report, or of another version', () => {
    expect(parseReportJson('{', 'r.json').diagnostics[0]?.message).toMatch(/^not valid JSON: /);
    expect(parseReportJson('{"format":"nnspec-bundle"}', 'r.json').diagnostics[0]?.message).toBe('not an nnspec report: `format` is not "nnspec-report"');
    const old = parseReportJson(JSON.stringify({ ...report, version: 2 }), 'r.json').diagnostics[0];
    expect(old?.message).toBe('report version 2; this nnspec reads version 3');
    expect(old?.file).toBe('r.json');
    expect(parseReportJson(JSON.stringify(report), 'r.json').value?.summary.stopEpoch).toBe(report.summary.stopEpoch);
  });

  it('lists at most five schema problems, then how many more', () => {
    const result = parseReportJson(JSON.stringify({ format: 'nnspec-report', version: 3 }), 'r.json');
    expect(result.diagnostics).toHaveLength(6);
    expect(result.diagnostics[0]?.message).toBe('spec: missing (a report has every field)');
    expect(result.diagnostics[5]?.message).toBe('and 2 more problems');
  });

  it('is a usage error without a file, or with an unreadable one', async () => {
    expect((await runNnspec(['report'])).code).toBe(2);
    const missing = await runNnspec(['report', path.join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.json');
  });
});
