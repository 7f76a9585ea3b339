/**
 * Debian's Chromium, driven by playwright-core: the browser the interop tests and the playground
 * benchmark use. Nothing is downloaded; the executable is the system's (or CHROMIUM's).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** The Chromium executable: `CHROMIUM` when set, else Debian's `/usr/bin/chromium`. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** How to get it, for the error a missing browser raises. */
export const CHROMIUM_INSTALL_HINT =
  "Install Debian's Chromium with `apt-get install -y chromium` (or set CHROMIUM=/path/to/chrome), or run `.ci/run`, which does.";

// Playwright chooses headless mode and a throwaway profile itself; these flags stop the browser
// reaching out on its own (updates, sync, field trials), so a test sees only the page's requests.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Why Chromium cannot run here, or undefined when it can: the executable must exist and answer
 * `--version`.
 */
export function chromiumProblem(): string | undefined {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM}`;
  try {
    execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    return undefined;
  } catch (error) {
    return `${CHROMIUM} --version failed: ${(error as Error).message.split('\n')[0]}`;
  }
}

/** Launches headless Chromium; the caller closes it (in `afterAll`), which ends all its processes. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
