/**
 * `npm run generate`: regenerates every committed, generated file: the error pages
 * (docs/errors/), the catalogue reference (docs/catalogue.md) and the grammar diagrams
 * (grammar/diagrams.html). Tests fail when a committed copy drifts from what these produce.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GENERATORS = ['scripts/generate-error-docs.ts', 'scripts/generate-catalogue-docs.ts', 'scripts/generate-diagrams.ts', 'scripts/generate-textmate.ts'];

let failed = false;
for (const script of GENERATORS) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, script)], { cwd: root, stdio: 'inherit' });
  console.log(`${result.status === 0 ? 'ok    ' : 'FAILED'} ${script}`);
  failed ||= result.status !== 0;
}
process.exitCode = failed ? 1 : 0;
