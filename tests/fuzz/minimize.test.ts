import { describe, expect, it } from 'vitest';
import { ddmin, minimizeBytes, minimizeText, splitLines } from '../../fuzz/minimize.js';

const budget = { maxAttempts: 10_000, maxMs: 0 };

describe('the delta-debugging minimizer', () => {
  it('splits lines keeping every kind of line break, so joining gives the text back', () => {
    const text = 'a\r\nb\nc\rd';
    expect(splitLines(text)).toEqual(['a\r\n', 'b\n', 'c\r', 'd']);
    expect(splitLines(text).join('')).toBe(text);
    expect(splitLines('')).toEqual([]);
  });

  it('shrinks a list to the one element a planted predicate needs', async () => {
    const items = Array.from({ length: 100 }, (_, index) => index);
    expect(await ddmin(items, async (candidate) => candidate.includes(42), budget)).toEqual([42]);
  });

  it('keeps both elements of a failure that needs two, and nothing else', async () => {
    const items = Array.from({ length: 64 }, (_, index) => index);
    expect(await ddmin(items, async (candidate) => candidate.includes(3) && candidate.includes(60), budget)).toEqual([3, 60]);
  });

  it('minimizes a spec to the characters that still fail, lines first', async () => {
    const text = 'model m {\n  input(shape: [4])\n  dense(1e309, activation: relu)\n  dense(3)\n}\n// comment\n';
    const calls: string[] = [];
    const minimized = await minimizeText(
      text,
      async (candidate) => {
        calls.push(candidate);
        return candidate.includes('1e309');
      },
      budget,
    );
    expect(minimized).toBe('1e309');
    // Whole lines go first: the first attempts keep line structure.
    expect(calls[0]!.split('\n').every((line) => text.includes(line))).toBe(true);
  });

  it('minimizes to the empty text when the empty text fails too', async () => {
    expect(await minimizeText('abc\ndef\n', async () => true, budget)).toBe('');
  });

  it('stops at its attempt budget and returns a failing input no larger than the original', async () => {
    const text = `${'x'.repeat(500)}BAD${'y'.repeat(500)}`;
    let attempts = 0;
    const fails = async (candidate: string) => {
      attempts++;
      return candidate.includes('BAD');
    };
    const minimized = await minimizeText(text, fails, { maxAttempts: 5, maxMs: 0 });
    expect(attempts).toBeLessThanOrEqual(5);
    expect(minimized.includes('BAD')).toBe(true);
    expect(minimized.length).toBeLessThanOrEqual(text.length);
  });

  it('minimizes bytes: an IDX-like header whose third byte alone triggers the failure', async () => {
    const bytes = Uint8Array.from([0, 0, 0x0d, 3, 0, 0, 0, 2, 9, 9, 9]);
    const minimized = await minimizeBytes(bytes, async (candidate) => candidate.includes(0x0d), budget);
    expect(Array.from(minimized)).toEqual([0x0d]);
  });
});
