/**
 * The share link's fragment: `#spec=<base64url(deflate(utf8 text))>&seed=N`. The spec text and the
 * run seed live in the fragment (never sent to a server), so a link reproduces the run.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';

/** What a share link carries: the spec text and the seed field (undefined = the spec's own `seed:`). */
export interface SharedRun {
  text: string;
  seed: number | undefined;
}

/** Bytes as base64url without padding (RFC 4648 §5): safe in a URL fragment as is. */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  // In chunks: String.fromCharCode with a spread of a large array overflows the call stack.
  for (let start = 0; start < bytes.length; start += 0x8000) binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The bytes of a base64url string (padding optional). Throws on characters outside the alphabet. */
export function fromBase64Url(encoded: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) throw new Error('not base64url');
  const binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** The fragment (with its `#`) for a spec and seed; the seed is left out when undefined. */
export function encodeShareFragment(run: SharedRun): string {
  const spec = toBase64Url(deflateSync(strToU8(run.text), { level: 9 }));
  return run.seed === undefined ? `#spec=${spec}` : `#spec=${spec}&seed=${run.seed}`;
}

/**
 * The run a fragment (`location.hash`, with or without its `#`) carries, or undefined when it has
 * no `spec=` or the spec does not decode (a truncated link): the page then keeps what it shows.
 * A `seed=` that is not a whole number is ignored (the spec's seed applies).
 */
export function decodeShareFragment(fragment: string): SharedRun | undefined {
  const fields = new URLSearchParams(fragment.replace(/^#/, ''));
  const spec = fields.get('spec');
  if (spec === null) return undefined;
  let text: string;
  try {
    text = strFromU8(inflateSync(fromBase64Url(spec)));
  } catch {
    return undefined;
  }
  const seedText = fields.get('seed');
  const seed = seedText !== null && /^-?\d+$/.test(seedText) ? Number(seedText) : undefined;
  return { text, seed: seed !== undefined && Number.isSafeInteger(seed) ? seed : undefined };
}
