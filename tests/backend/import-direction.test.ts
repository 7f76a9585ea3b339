/** The seam of issue 12: the trainer builds on the backend, never the other way round. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/repo-root.js';

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative module a file imports or re-exports (static and dynamic), resolved to a repo path. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.[^'"]+)['"]/g)].map((match) => match[1]!);
  return specifiers.map((specifier) =>
    relative(repoRoot, resolve(dirname(file), specifier))
      .split('\\')
      .join('/'),
  );
}

describe('import direction', () => {
  it('no file under src/backend imports from src/train', () => {
    const backend = join(repoRoot, 'src', 'backend');
    const files = sourceFiles(backend);
    expect(files.length).toBeGreaterThan(10);
    const offending = files.flatMap((file) =>
      importsOf(file)
        .filter((target) => target.startsWith('src/train/'))
        .map((target) => `${relative(repoRoot, file)} -> ${target}`),
    );
    expect(offending).toEqual([]);
  });

  it('sees an import into src/train when there is one', () => {
    // The scanner itself: a trainer file that does import the backend is found.
    expect(importsOf(join(repoRoot, 'src', 'train', 'trainer', 'training-parts.ts'))).toContain('src/backend/losses.js');
  });
});
