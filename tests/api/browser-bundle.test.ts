import { build, type Plugin } from 'esbuild';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/repo-root.js';

/** Records (instead of resolving) every import of a Node built-in or of TF.js. */
function forbiddenImports(found: string[]): Plugin {
  const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
  return {
    name: 'forbidden-imports',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /.*/ }, (args) => {
        const bare = args.path
          .split('/')
          .slice(0, args.path.startsWith('@') ? 2 : 1)
          .join('/');
        if (builtins.has(args.path) || builtins.has(bare) || args.path.startsWith('@tensorflow/')) {
          found.push(`${args.path} (imported from ${path.relative(repoRoot, args.importer)})`);
          return { path: args.path, external: true };
        }
        return undefined;
      });
    },
  };
}

/** Bundles `entry` (relative to the repository) for the browser platform, in memory, recording forbidden imports. */
function bundleForBrowser(entry: string, found: string[]) {
  return build({
    entryPoints: [path.join(repoRoot, entry)],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    plugins: [forbiddenImports(found)],
  });
}

describe('the core entry (nnspec) is browser-safe', () => {
  it('bundles for the browser platform without a Node built-in or TF.js', async () => {
    const found: string[] = [];
    const result = await bundleForBrowser('src/index.ts', found);
    expect(found).toEqual([]);
    expect(result.errors).toEqual([]);
    const code = result.outputFiles[0]!.text;
    // The bundle really contains the front end: the parser's and checker's entry points.
    expect(code).toContain('function parse(');
    expect(code).toContain('function check(');
    expect(code).toContain('function format(');
    expect(code).toContain('function lower(');
  });
});

describe('the browser build of nnspec/train', () => {
  it("is what the package's browser condition names, and bundles with plain esbuild: TF.js, no Node built-in", async () => {
    const packageJson = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { exports: Record<string, Record<string, string>> };
    expect(packageJson.exports['./train']).toMatchObject({ browser: './dist/train-browser.js', import: './dist/train.js' });
    const found: string[] = [];
    const result = await bundleForBrowser('dist/train-browser.js', found);
    expect(result.errors).toEqual([]);
    expect(found.filter((entry) => !entry.startsWith('@tensorflow/'))).toEqual([]);
    expect(found.some((entry) => entry.startsWith('@tensorflow/tfjs '))).toBe(true);
    const code = result.outputFiles[0]!.text;
    expect(code).toContain('function runTraining(');
    expect(code).toContain('function initBackend(');
  });
});
