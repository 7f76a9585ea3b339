/**
 * Where the cursor is, in the terms completion needs: at the top level, in a model body, inside
 * a layer's or a value call's parentheses, inside a block or object, right after `key:`. Worked
 * out from the tokens before the cursor, so it holds in half-typed, unparseable text too.
 */
import type { SpecToken } from '../../syntax/index.js';

/** What a bracket opened. */
export type Frame =
  /** A model's, a `repeat`'s or a block's body (`block` names the block, also in a `repeat` inside it). */
  | { kind: 'model-body'; block?: string }
  /** A declaration's body; `name` is the declared name of a `data` block. */
  | { kind: 'block'; owner: 'data' | 'train' | 'study'; name?: string }
  | { kind: 'object'; key: string | undefined; owner: string | undefined }
  | { kind: 'layer-call'; layer: string }
  /** `domain`: a sampling domain of a study's `random:` (`log_uniform(...)`), whose key is a param, not an option. */
  | { kind: 'value-call'; callee: string; key: string | undefined; domain?: true }
  | { kind: 'list'; key: string | undefined };

/** The completion context at a position. */
export type CursorContext =
  | { kind: 'top-level' }
  | { kind: 'after-train' }
  | { kind: 'after-on' }
  | { kind: 'expect-on' }
  | { kind: 'model-body' }
  /** Right after `from` in a model or block body: an output name goes here. */
  | { kind: 'after-from' }
  /**
   * Naming a key inside a frame; `given` lists the keys already written there. In a call,
   * `positional` counts the arguments given by position (the one at the cursor excluded).
   */
  | { kind: 'key'; frame: Frame; given: string[]; positional: number; declaration?: Frame }
  /**
   * Writing the value of `key` inside `frame` (also for list items); `declaration` is the
   * body of the declaration the cursor is in.
   */
  | { kind: 'value'; key: string | undefined; frame: Frame | undefined; declaration: Frame | undefined }
  | { kind: 'none' };

/** A bracket open at the cursor: what it opened, the keys written in it, the bracket's token index. */
export interface OpenFrame {
  frame: Frame;
  given: string[];
  open: number;
}

/** The keys of the enclosing frames, for `owner` of nested objects (`split`, `early_stopping`). */
function keyBefore(tokens: readonly SpecToken[], index: number): string | undefined {
  // `key : {` or `key : [`: the token two before the bracket is the key.
  const colon = tokens[index - 1];
  const key = tokens[index - 2];
  return colon?.text === ':' && key && (key.kind === 'name' || key.kind === 'keyword') ? key.text : undefined;
}

/** The brackets open at a position, innermost last, with the tokens they were read from. */
export interface FramesAt {
  /** The document's tokens without comments. */
  tokens: readonly SpecToken[];
  /** Index of the first token that is not context: a name being typed at the cursor, or the first token after it. */
  typing: number;
  stack: OpenFrame[];
  /** Inside a comment or a string: there is nothing to complete or describe. */
  inert: boolean;
}

/** Reads the brackets open at `offset` from the document's tokens (comments ignored). */
export function framesAt(allTokens: readonly SpecToken[], offset: number): FramesAt {
  const tokens = allTokens.filter((token) => token.kind !== 'comment');
  const inert = allTokens.some(
    (token) => (token.kind === 'comment' || token.kind === 'string') && token.range.start.offset < offset && offset < token.range.end.offset,
  );
  let before = 0;
  while (before < tokens.length && tokens[before]!.range.end.offset <= offset) before += 1;
  // A name being typed at the cursor is the prefix, not context.
  const last = tokens[before - 1];
  const typing = last && last.range.end.offset === offset && (last.kind === 'name' || last.kind === 'keyword') ? before - 1 : before;
  const stack: OpenFrame[] = [];
  for (let index = 0; index < typing; index++) {
    const token = tokens[index]!;
    if (token.text === '{') {
      const key = keyBefore(tokens, index);
      const header = tokens.slice(Math.max(0, index - 4), index).map((t) => t.text);
      const open = (frame: Frame): number => stack.push({ frame, given: [], open: index });
      const block = stack.length === 0 ? blockBefore(tokens, index) : undefined;
      if (key !== undefined) open({ kind: 'object', key, owner: key });
      else if (block !== undefined) open({ kind: 'model-body', block });
      else if (stack.length === 0 && tokens[index - 2]?.text === 'study') open({ kind: 'block', owner: 'study' });
      else if (header.includes('model') && stack.length === 0) open({ kind: 'model-body' });
      else if (tokens[index - 2]?.text === 'repeat') {
        const outer = stack[stack.length - 1]?.frame;
        open(outer?.kind === 'model-body' && outer.block !== undefined ? { kind: 'model-body', block: outer.block } : { kind: 'model-body' });
      } else if (stack.length === 0 && header.includes('train')) open({ kind: 'block', owner: 'train' });
      else if (stack.length === 0)
        open({
          kind: 'block',
          owner: 'data',
          ...(tokens[index - 2]?.text === 'data' && tokens[index - 1]?.kind === 'name' ? { name: tokens[index - 1]!.text } : {}),
        });
      else open({ kind: 'object', key: undefined, owner: undefined });
    } else if (token.text === '(') {
      const callee = calleeBefore(tokens, index);
      const top = stack[stack.length - 1]?.frame;
      if (top?.kind === 'model-body') stack.push({ frame: { kind: 'layer-call', layer: callee }, given: [], open: index });
      else {
        // A call inside a list (`metrics: [top_k(...)]`) is a value of the list's key.
        const key = keyBefore(tokens, index - (callee.split('.').length * 2 - 1)) ?? (top?.kind === 'list' ? top.key : undefined);
        const domain = top?.kind === 'object' && top.owner === 'random' && inStudy(stack);
        stack.push({ frame: { kind: 'value-call', callee, key, ...(domain ? { domain: true as const } : {}) }, given: [], open: index });
      }
    } else if (token.text === '[') {
      stack.push({ frame: { kind: 'list', key: keyBefore(tokens, index) }, given: [], open: index });
    } else if (token.text === '}' || token.text === ')' || token.text === ']') {
      stack.pop();
    } else if (token.text === ':' && index > 0 && stack.length > 0) {
      stack[stack.length - 1]!.given.push(tokens[index - 1]!.text);
    }
  }
  return { tokens, typing, stack, inert };
}

/** Computes the context at `offset` from the document's tokens (comments ignored). */
export function contextAt(allTokens: readonly SpecToken[], offset: number): CursorContext {
  const { tokens, typing, stack, inert } = framesAt(allTokens, offset);
  if (inert) return { kind: 'none' };
  const previous = tokens[typing - 1];
  const top = stack[stack.length - 1];
  if (!top) {
    if (previous?.text === 'train') return { kind: 'after-train' };
    if (previous?.text === 'on') return { kind: 'after-on' };
    // Naming a param or a study, or writing a param's default: no declaration goes there.
    if (previous?.text === 'param' || previous?.text === 'study' || previous?.text === '=' || tokens[typing - 2]?.text === 'param') return { kind: 'none' };
    if (tokens[typing - 2]?.text === 'train' && previous?.kind === 'name') return { kind: 'expect-on' };
    return { kind: 'top-level' };
  }
  // Keys written after the cursor in the same frame count as given too.
  let depth = 0;
  for (let index = typing; index < tokens.length; index++) {
    const text = tokens[index]!.text;
    if (text === '{' || text === '(' || text === '[') depth += 1;
    else if (text === '}' || text === ')' || text === ']') {
      if (depth === 0) break;
      depth -= 1;
    } else if (text === ':' && depth === 0 && index > typing) top.given.push(tokens[index - 1]!.text);
  }
  // Naming a block's params (`block b(filters, rate = |)`): nothing declared goes there.
  if (top.frame.kind === 'value-call' && stack.length === 1 && tokens[top.open - 2]?.text === 'block') return { kind: 'none' };
  if (top.frame.kind === 'model-body') return previous?.text === 'from' ? { kind: 'after-from' } : { kind: 'model-body' };
  const declaration = stack[0]?.frame;
  if (top.frame.kind === 'list') return { kind: 'value', key: top.frame.key, frame: stack[stack.length - 2]?.frame, declaration };
  if (previous?.text === ':') return { kind: 'value', key: tokens[typing - 2]?.text, frame: top.frame, declaration };
  // Positional values inside a value call (`l2(`) are values too; a layer's first argument is usually a key.
  const positional =
    top.frame.kind === 'layer-call' || top.frame.kind === 'value-call'
      ? callArguments(tokens, top.open).filter((argument) => !argument.name && !(argument.start <= typing && typing <= argument.end)).length
      : 0;
  return { kind: 'key', frame: top.frame, given: top.given, positional, ...(declaration ? { declaration } : {}) };
}

/** True when the outermost open bracket is a `study` block's body. */
export function inStudy(stack: readonly OpenFrame[]): boolean {
  const outer = stack[0]?.frame;
  return outer?.kind === 'block' && outer.owner === 'study';
}

/** One argument of a call, as token indexes: `[start, end)`, and its name when given by name. */
export interface ArgumentSpan {
  start: number;
  end: number;
  name?: string;
}

/**
 * The arguments of the call whose `(` is the token at `open`, split at its top-level commas (at
 * least one, empty in `dense()`).
 * When the call is never closed, the arguments stop at the first closing bracket it does not
 * own, or at a line that starts a new layer or property (`name(` or `name:` after no comma).
 */
export function callArguments(tokens: readonly SpecToken[], open: number): ArgumentSpan[] {
  const spans: ArgumentSpan[] = [];
  let start = open + 1;
  let depth = 0;
  let index = open + 1;
  for (; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token.text === '{' || token.text === '(' || token.text === '[') depth += 1;
    else if (token.text === '}' || token.text === ')' || token.text === ']') {
      if (depth === 0) break;
      depth -= 1;
    } else if (depth === 0 && token.text === ',') {
      spans.push(span(tokens, start, index));
      start = index + 1;
    } else if (depth === 0 && index > start && startsNewLine(tokens, index)) break;
  }
  // The last argument, empty in `dense()` or after a trailing comma: the cursor may be in it.
  spans.push(span(tokens, start, index));
  return spans;
}

function span(tokens: readonly SpecToken[], start: number, end: number): ArgumentSpan {
  const first = tokens[start];
  const named = end - start >= 2 && first && (first.kind === 'name' || first.kind === 'keyword') && tokens[start + 1]?.text === ':';
  return named ? { start, end, name: first.text } : { start, end };
}

/** A name on a later line than the token before it (not after a `:`), followed by `(` or `:`: a new item, not this argument. */
function startsNewLine(tokens: readonly SpecToken[], index: number): boolean {
  const token = tokens[index]!;
  const previous = tokens[index - 1]!;
  const next = tokens[index + 1]?.text;
  return token.kind === 'name' && previous.text !== ':' && token.range.start.line > previous.range.end.line && (next === '(' || next === ':');
}

/** The block's name when the `{` at `index` opens `block NAME(params) {`'s body. */
function blockBefore(tokens: readonly SpecToken[], index: number): string | undefined {
  if (tokens[index - 1]?.text !== ')') return undefined;
  let depth = 0;
  for (let at = index - 1; at >= 0; at--) {
    const text = tokens[at]!.text;
    if (text === ')') depth += 1;
    else if (text === '(' && (depth -= 1) === 0) return tokens[at - 2]?.text === 'block' && tokens[at - 1]?.kind === 'name' ? tokens[at - 1]!.text : undefined;
  }
  return undefined;
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
