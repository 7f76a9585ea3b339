/**
 * The committed WebAssembly modules (src/backend/wasm/*-module.ts) are what Debian's clang-19
 * makes of wasm/*.c, byte for byte: nobody can change a kernel's C without its module, or the
 * module without its C.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/repo-root.js';

describe('scripts/build-wasm.mjs --check', () => {
  it('finds every committed module equal to its C source compiled again', () => {
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-wasm.mjs'), '--check'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
