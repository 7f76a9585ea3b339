/**
 * Where the cursor is, in the terms completion needs: at the top level, in a model body, inside
 * a layer's or a value call's parentheses, inside a block or object, right after `key:`. Worked
 * out from the tokens before the cursor, so it holds in half-typed, unparseable text too.
 */
import type { SpecToken } from '../../syntax/index.js';

/** What a bracket opened. */
export type Frame =
  | { kind: 'model-body' }
  | { kind: 'block'; owner: 'data' | 'train' }
  | { kind: 'object'; key: string | undefined; owner: string | undefined }
  | { kind: 'layer-call'; layer: string }
  | { kind: 'value-call'; callee: string; key: string | undefined }
  | { kind: 'list'; key: string | undefined };

/** The completion context at a position. */
export type CursorContext =
  | { kind: 'top-level' }
  | { kind: 'after-train' }
  | { kind: 'after-on' }
  | { kind: 'expect-on' }
  | { kind: 'model-body' }
  /** Naming a key inside a frame; `given` lists the keys already written there. */
  | { kind: 'key'; frame: Frame; given: string[] }
  /** Writing the value of `key` inside `frame` (also for list items). */
  | { kind: 'value'; key: string | undefined; frame: Frame | undefined }
  | { kind: 'none' };

interface OpenFrame {
  frame: Frame;
  given: string[];
}

/** The keys of the enclosing frames, for `owner` of nested objects (`split`, `early_stopping`). */
function keyBefore(tokens: readonly SpecToken[], index: number): string | undefined {
  // `key : {` or `key : [`: the token two before the bracket is the key.
  const colon = tokens[index - 1];
  const key = tokens[index - 2];
  return colon?.text === ':' && key && (key.kind === 'name' || key.kind === 'keyword') ? key.text : undefined;
}

/** Computes the context at `offset` from the document's tokens (comments ignored). */
export function contextAt(allTokens: readonly SpecToken[], offset: number): CursorContext {
  const tokens = allTokens.filter((token) => token.kind !== 'comment');
  // Inside a comment or a string: nothing to complete.
  for (const token of allTokens) {
    if ((token.kind === 'comment' || token.kind === 'string') && token.range.start.offset < offset && offset < token.range.end.offset) return { kind: 'none' };
  }
  const before = tokens.filter((token) => token.range.end.offset <= offset);
  // A name being typed at the cursor is the prefix, not context.
  const last = before[before.length - 1];
  const typing = last && last.range.end.offset === offset && (last.kind === 'name' || last.kind === 'keyword') ? before.length - 1 : before.length;
  const stack: OpenFrame[] = [];
  for (let index = 0; index < typing; index++) {
    const token = tokens[index]!;
    if (token.text === '{') {
      const key = keyBefore(tokens, index);
      const header = tokens.slice(Math.max(0, index - 4), index).map((t) => t.text);
      if (key !== undefined) stack.push({ frame: { kind: 'object', key, owner: key }, given: [] });
      else if (header.includes('model') && stack.length === 0) stack.push({ frame: { kind: 'model-body' }, given: [] });
      else if (tokens[index - 2]?.text === 'repeat') stack.push({ frame: { kind: 'model-body' }, given: [] });
      else if (stack.length === 0 && header.includes('train')) stack.push({ frame: { kind: 'block', owner: 'train' }, given: [] });
      else if (stack.length === 0) stack.push({ frame: { kind: 'block', owner: 'data' }, given: [] });
      else stack.push({ frame: { kind: 'object', key: undefined, owner: undefined }, given: [] });
    } else if (token.text === '(') {
      const callee = calleeBefore(tokens, index);
      const top = stack[stack.length - 1]?.frame;
      if (top?.kind === 'model-body') stack.push({ frame: { kind: 'layer-call', layer: callee }, given: [] });
      else stack.push({ frame: { kind: 'value-call', callee, key: keyBefore(tokens, index - (callee.split('.').length * 2 - 1)) }, given: [] });
    } else if (token.text === '[') {
      stack.push({ frame: { kind: 'list', key: keyBefore(tokens, index) }, given: [] });
    } else if (token.text === '}' || token.text === ')' || token.text === ']') {
      stack.pop();
    } else if (token.text === ':' && index > 0 && stack.length > 0) {
      stack[stack.length - 1]!.given.push(tokens[index - 1]!.text);
    }
  }
  const previous = tokens[typing - 1];
  const top = stack[stack.length - 1];
  // Keys written after the cursor in the same frame count as given too.
  if (top) {
    let depth = 0;
    for (let index = typing; index < tokens.length; index++) {
      const text = tokens[index]!.text;
      if (text === '{' || text === '(' || text === '[') depth += 1;
      else if (text === '}' || text === ')' || text === ']') {
        if (depth === 0) break;
        depth -= 1;
      } else if (text === ':' && depth === 0 && index > typing) top.given.push(tokens[index - 1]!.text);
    }
  }
  if (!top) {
    if (previous?.text === 'train') return { kind: 'after-train' };
    if (previous?.text === 'on') return { kind: 'after-on' };
    if (tokens[typing - 2]?.text === 'train' && previous?.kind === 'name') return { kind: 'expect-on' };
    return { kind: 'top-level' };
  }
  if (top.frame.kind === 'model-body') return { kind: 'model-body' };
  if (top.frame.kind === 'list') return { kind: 'value', key: top.frame.key, frame: stack[stack.length - 2]?.frame };
  if (previous?.text === ':') return { kind: 'value', key: tokens[typing - 2]?.text, frame: top.frame };
  // Positional values inside a value call (`l2(`) are values too; a layer's first argument is usually a key.
  return { kind: 'key', frame: top.frame, given: top.given };
}

function calleeBefore(tokens: readonly SpecToken[], index: number): string {
  const parts: string[] = [];
  let at = index - 1;
  while (at >= 0 && tokens[at]!.kind === 'name') {
    parts.unshift(tokens[at]!.text);
    if (tokens[at - 1]?.text !== '.') break;
    at -= 2;
  }
  return parts.join('.');
}
