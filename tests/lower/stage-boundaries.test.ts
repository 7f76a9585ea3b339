/**
 * The IR is the contract alone (it imports nothing from the checker), and lowering is front end
 * (no Node built-ins, no TF.js): read every file of both and check its import specifiers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function imports(dir: string): { file: string; specifier: string }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) => {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const found = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)];
      return found.map((match) => ({ file: `${dir}/${file}`, specifier: (match[1] ?? match[2])! }));
    });
}

const resolved = (file: string, specifier: string): string => (specifier.startsWith('.') ? path.posix.join(path.posix.dirname(file), specifier) : specifier);

describe('stage boundaries', () => {
  it('finds the imports it checks', () => {
    expect(imports('src/ir').some(({ specifier }) => specifier === 'zod')).toBe(true);
    expect(imports('src/lower').some(({ specifier }) => specifier === '../check/program.js')).toBe(true);
  });

  it('src/ir imports nothing from src/check or src/lower', () => {
    const offending = imports('src/ir').filter(({ file, specifier }) => /^src\/(check|lower)\//.test(resolved(file, specifier)));
    expect(offending).toEqual([]);
  });

  it('src/ir and src/lower are front end: no Node built-in, no TF.js', () => {
    const offending = [...imports('src/ir'), ...imports('src/lower')].filter(
      ({ specifier }) => specifier.startsWith('node:') || specifier.includes('tensorflow') || /^(fs|path|os|url|worker_threads|child_process)$/.test(specifier),
    );
    expect(offending).toEqual([]);
  });
});
