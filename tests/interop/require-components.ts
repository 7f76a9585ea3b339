/**
 * The interop suite's global setup: every real component must be present, or the whole run fails
 * with how to install it (never a skip): PyTorch, Chromium, and clang-19 with wasm-ld-19.
 */
import { execFileSync } from 'node:child_process';
import { CHROMIUM_INSTALL_HINT, chromiumProblem } from './browser/chromium.js';
import { PYTHON } from './python.js';

export default function requireComponents(): void {
  try {
    execFileSync(PYTHON, ['-c', 'import torch, numpy; print(torch.__version__)'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    // The last line of Python's traceback says what is missing (`ModuleNotFoundError: No module named 'torch'`).
    const why = (error as { stderr?: string }).stderr?.trim().split('\n').pop() || (error as Error).message;
    throw new Error(
      `npm run test:interop needs PyTorch and NumPy for ${PYTHON}: ${why}\n` +
        'Install them with `apt-get install -y python3-torch python3-numpy` (Debian), or run `.ci/run`, which does.',
    );
  }
  try {
    execFileSync(process.env.NNSPEC_CLANG ?? 'clang-19', ['--version'], { stdio: 'ignore' });
    execFileSync('wasm-ld-19', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error(
      'npm run test:interop needs clang-19 and wasm-ld-19 to check the committed WebAssembly kernels against wasm/*.c\n' +
        'Install them with `apt-get install -y clang-19 lld-19` (Debian), or run `.ci/run`, which does.',
    );
  }
  const browserProblem = chromiumProblem();
  if (browserProblem !== undefined) throw new Error(`npm run test:interop needs Chromium for the browser tests: ${browserProblem}\n${CHROMIUM_INSTALL_HINT}`);
}
