import { describe, expect, it } from 'vitest';
import { decodeShareFragment, encodeShareFragment, fromBase64Url, toBase64Url } from '../../playground/src/share/share-link.js';
import { shareLink } from '../../playground/src/share/share-button.js';

describe('the share fragment', () => {
  it('round-trips unicode text and a seed', () => {
    const text = '// Größe: ünïcödé 🚀 and CJK 模型\nmodel m {\n  input(shape: [2])\n}\n';
    const fragment = encodeShareFragment({ text, seed: 42 });
    expect(fragment).toMatch(/^#spec=[A-Za-z0-9_-]+&seed=42$/);
    expect(decodeShareFragment(fragment)).toEqual({ text, seed: 42 });
  });

  it('round-trips the empty text, and leaves the seed out when there is none', () => {
    const fragment = encodeShareFragment({ text: '', seed: undefined });
    expect(fragment).toMatch(/^#spec=[A-Za-z0-9_-]+$/);
    expect(decodeShareFragment(fragment)).toEqual({ text: '', seed: undefined });
  });

  it('round-trips a large spec (200 KB) and compresses its repetition', () => {
    const text = Array.from({ length: 5000 }, (_, index) => `  dense(${index}, activation: relu) // layer ${index}\n`).join('');
    const fragment = encodeShareFragment({ text, seed: 0 });
    expect(text.length).toBeGreaterThan(200_000);
    expect(fragment.length).toBeLessThan(text.length / 5);
    expect(decodeShareFragment(fragment)).toEqual({ text, seed: 0 });
  });

  it('decodes without the leading # and keeps a negative seed', () => {
    const fragment = encodeShareFragment({ text: 'param rate = 0.5\n', seed: -3 });
    expect(decodeShareFragment(fragment.slice(1))).toEqual({ text: 'param rate = 0.5\n', seed: -3 });
  });

  it('has no spec without `spec=`, or when the spec does not decode', () => {
    expect(decodeShareFragment('')).toBeUndefined();
    expect(decodeShareFragment('#seed=3')).toBeUndefined();
    expect(decodeShareFragment('#spec=!!!')).toBeUndefined();
    expect(decodeShareFragment('#spec=AAAA')).toBeUndefined();
  });

  it('ignores a seed that is not a whole number', () => {
    const spec = encodeShareFragment({ text: 'x', seed: undefined });
    expect(decodeShareFragment(`${spec}&seed=1.5`)).toEqual({ text: 'x', seed: undefined });
    expect(decodeShareFragment(`${spec}&seed=abc`)).toEqual({ text: 'x', seed: undefined });
  });

  it('encodes base64url without padding, and reads it back byte for byte', () => {
    const bytes = new Uint8Array([0xfb, 0xff, 0xbf, 0x00, 0x3e]);
    expect(toBase64Url(bytes)).toBe('-_-_AD4');
    expect([...fromBase64Url('-_-_AD4')]).toEqual([...bytes]);
  });

  it('builds the link from the page address, replacing any fragment it had', () => {
    const link = shareLink({ text: 'abc', seed: 7 }, 'http://localhost:8080/index.html#spec=old&seed=1');
    expect(link).toBe(`http://localhost:8080/index.html${encodeShareFragment({ text: 'abc', seed: 7 })}`);
  });
});
