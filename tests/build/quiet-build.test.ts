import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/repo-root.js';

// Running the build here would rewrite dist/ under the feet of the tests that use it, so this
// checks the commands: tsup's --silent keeps only errors (checked by hand: 89 lines of build
// output on success became 0; a type error still prints the error and exits 1).
describe('the build that `npm ci` runs (prepare)', () => {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

  it('prints nothing on success: tsup silent, the browser bundle and the playground at warning level', () => {
    expect(manifest.scripts.prepare).toBe('tsup --silent && node scripts/build-browser.mjs && node scripts/build-playground.mjs');
    expect(manifest.scripts.build).toBe(manifest.scripts.prepare);
    expect(readFileSync(path.join(repoRoot, 'scripts/build-browser.mjs'), 'utf8')).toContain("logLevel: 'warning'");
    expect(readFileSync(path.join(repoRoot, 'scripts/build-playground.mjs'), 'utf8')).toContain("logLevel: 'warning'");
  });
});
