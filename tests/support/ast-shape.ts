import { parse } from '../../src/syntax/index.js';

/**
 * The AST of `text` without its ranges (`range`, `keywordRange`, `argsRange`, `paramsRange`, ...)
 * and comments, raw number text kept: what formatting must not change.
 */
export function astShape(text: string): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (key === 'range' || key.endsWith('Range') || key === 'comments') continue;
      out[key] = strip(child);
    }
    return out;
  };
  return strip(parse(text).value);
}
