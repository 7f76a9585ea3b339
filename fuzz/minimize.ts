/**
 * Delta debugging (Zeller's ddmin): shrinks a failing input to a smaller one that still fails
 * the same way. Text is minimized by lines first, then by characters (code points); the test is
 * async because each attempt runs in the fuzz worker.
 */

/** Tells whether a candidate still fails the same way. */
export type StillFails<T> = (candidate: T) => Promise<boolean>;

/** Bounds on the work of one minimization: attempts and wall time. */
export interface MinimizeBudget {
  maxAttempts: number;
  /** Wall-clock milliseconds; 0 or less means no time bound (tests bound attempts only). */
  maxMs: number;
}

interface Spent {
  attempts: number;
  started: number;
}

function exhausted(spent: Spent, budget: MinimizeBudget): boolean {
  return spent.attempts >= budget.maxAttempts || (budget.maxMs > 0 && performance.now() - spent.started >= budget.maxMs);
}

/**
 * ddmin over a list: removes chunks (then keeps single chunks) while `fails` stays true, with
 * ever finer chunks, until no single item can go or the budget runs out. `items` must fail.
 */
export async function ddmin<T>(
  items: readonly T[],
  fails: StillFails<readonly T[]>,
  budget: MinimizeBudget,
  spent: Spent = { attempts: 0, started: performance.now() },
): Promise<T[]> {
  let current = [...items];
  let chunks = 2;
  while (current.length >= 2 && !exhausted(spent, budget)) {
    const size = Math.ceil(current.length / chunks);
    let reduced = false;
    for (let start = 0; start < current.length && !exhausted(spent, budget); start += size) {
      const complement = [...current.slice(0, start), ...current.slice(start + size)];
      spent.attempts++;
      if (await fails(complement)) {
        current = complement;
        chunks = Math.max(chunks - 1, 2);
        reduced = true;
        break;
      }
    }
    if (reduced) continue;
    if (chunks >= current.length) break;
    chunks = Math.min(chunks * 2, current.length);
  }
  if (current.length === 1 && !exhausted(spent, budget)) {
    spent.attempts++;
    if (await fails([])) return [];
  }
  return current;
}

/** Splits text into lines that keep their line breaks (`\r\n`, `\n` or `\r`), so joining gives the text back. */
export function splitLines(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

/** Minimizes a failing text: by whole lines, then by characters. Returns the smallest failing text found. */
export async function minimizeText(text: string, fails: StillFails<string>, budget: MinimizeBudget): Promise<string> {
  const spent = { attempts: 0, started: performance.now() };
  const lines = await ddmin(splitLines(text), (candidate) => fails(candidate.join('')), budget, spent);
  const chars = await ddmin(Array.from(lines.join('')), (candidate) => fails(candidate.join('')), budget, spent);
  return chars.join('');
}

/** Minimizes failing bytes (a data file) by chunks down to single bytes. */
export async function minimizeBytes(bytes: Uint8Array, fails: StillFails<Uint8Array>, budget: MinimizeBudget): Promise<Uint8Array> {
  const kept = await ddmin(Array.from(bytes), (candidate) => fails(Uint8Array.from(candidate)), budget);
  return Uint8Array.from(kept);
}
