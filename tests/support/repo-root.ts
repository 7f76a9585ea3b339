import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, for paths to specs/ and data/ in tests. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
