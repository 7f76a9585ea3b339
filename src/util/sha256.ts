/** SHA-256 through Web Crypto, which Node 20 and browsers (in secure contexts) both have. Browser-safe. */

/** SHA-256 of a text's UTF-8 bytes or of bytes, lowercase hex as `sha256sum` prints it; null where Web Crypto is missing (an insecure browser context). */
export async function sha256Hex(data: string | Uint8Array | ArrayBuffer): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) return null;
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data instanceof Uint8Array ? data : new Uint8Array(data);
  const digest = await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
