/**
 * Hover on the innermost catalogue thing under the cursor: an option key (`patience:`), a call
 * parameter's name or value (`units`, `128`), a name given as a value (`relu`, `adam`,
 * `mean_squared_error`, `he_normal`, `builtin.digits`, `same`, `val_accuracy`). Each shows the
 * catalogue's doc, type, range and default. Layer names are left to the layer hover, which
 * knows the shapes.
 */
import type { Range } from '../../diagnostics/diagnostic.js';
import type { CatalogueView, EntryView, ParamView } from '../../catalogue/types.js';
import type { SpecToken } from '../../syntax/index.js';
import { callArguments, framesAt, inStudy, type OpenFrame } from './context.js';
import { CATEGORY_WORD, categoryOfKey, entryOfCall, lookupEntry, paramOfArgument, paramsOfFrame, type EntryCategory } from './entries.js';
import { describeParamFacts, formatDefault, signature } from './signature.js';

/** Markdown for a hover and the span it describes. */
export interface CatalogueHover {
  markdown: string;
  range: Range;
}

/**
 * The code token under `offset`, by index among `tokens`. A word or literal the cursor is just
 * after wins over punctuation starting at the cursor (`[4|]` is on the `4`).
 */
function tokenIndexAt(tokens: readonly SpecToken[], offset: number): number | undefined {
  const inside = tokens.findIndex((token) => token.range.start.offset <= offset && offset < token.range.end.offset);
  if (inside >= 0 && tokens[inside]!.kind !== 'punctuation') return inside;
  const after = tokens.findIndex((token) => token.range.end.offset === offset && token.kind !== 'punctuation');
  if (after >= 0) return after;
  return inside >= 0 ? inside : undefined;
}

/** The first and last token index of the dotted name (`builtin.digits`) the token at `index` is part of. */
function dottedSpan(tokens: readonly SpecToken[], index: number): [number, number] {
  const isWord = (at: number): boolean => tokens[at]?.kind === 'name' || tokens[at]?.kind === 'keyword';
  let first = index;
  let last = index;
  if (tokens[index]?.text === '.') {
    if (!isWord(index - 1) || !isWord(index + 1)) return [index, index];
    first = index - 1;
    last = index + 1;
  }
  while (tokens[first - 1]?.text === '.' && isWord(first - 2)) first -= 2;
  while (tokens[last + 1]?.text === '.' && isWord(last + 2)) last += 2;
  return [first, last];
}

/** What the value starting at token `index` is given for: its key, the parameter when known, and that parameter's role in words. */
interface ValueSlot {
  key: string | undefined;
  param: ParamView | undefined;
  role: string;
}

function valueSlot(catalogue: CatalogueView, tokens: readonly SpecToken[], index: number, stack: readonly OpenFrame[]): ValueSlot {
  const top = stack[stack.length - 1];
  if (!top) return { key: undefined, param: undefined, role: '' };
  if (tokens[index - 1]?.text === ':') {
    const key = tokens[index - 2]?.text;
    const { params, role } = paramsOfFrame(catalogue, top.frame);
    return { key, param: params.find((param) => param.name === key), role };
  }
  // A list item is part of the list's value: `metrics: [accuracy]`, `reshape([8, 8, 1])`.
  if (top.frame.kind === 'list') return valueSlot(catalogue, tokens, top.open, stack.slice(0, -1));
  if (top.frame.kind === 'layer-call' || top.frame.kind === 'value-call') {
    const found = entryOfCall(catalogue, top.frame);
    const args = callArguments(tokens, top.open);
    const argument = args.findIndex((span) => span.start <= index && index < span.end);
    const param = found ? paramOfArgument(found.entry, args, argument) : undefined;
    return { key: param?.name, param, role: found ? `\`${found.entry.name}\` parameter` : '' };
  }
  return { key: undefined, param: undefined, role: '' };
}

function paramHover(param: ParamView, role: string): string {
  return [`**${param.name}** (${role})`, '', ...describeParamFacts(param)].join('\n');
}

function entryHover(catalogue: CatalogueView, entry: EntryView, category: EntryCategory): string {
  const title = `**${entry.name}** (${CATEGORY_WORD[category]})`;
  const aliases = entry.aliases?.length ? ['', `also written ${entry.aliases.map((alias) => `\`${alias}\``).join(', ')}`] : [];
  const loss = category === 'loss' ? catalogue.loss(entry.name) : undefined;
  const lossFacts = loss
    ? [
        `- task: ${loss.task}`,
        `- labels: ${loss.labels}`,
        `- output layer: \`${loss.output.activation}\`, ${loss.output.units === 'classes' ? 'one unit per class' : loss.output.units === 'one' ? 'one unit' : 'one unit per target'}`,
      ]
    : [];
  const params = entry.params.map((param) => `- \`${param.name}\`: ${param.doc}; ${param.required ? 'required' : `default \`${formatDefault(param)}\``}`);
  return [
    title,
    '',
    entry.doc,
    ...aliases,
    ...(lossFacts.length > 0 ? ['', ...lossFacts] : []),
    ...(entry.params.length > 0 ? ['', `\`${signature(entry)}\``, '', ...params] : []),
  ].join('\n');
}

function enumValueHover(value: string, param: ParamView, role: string): string {
  const choices = param.type.kind === 'enum' ? param.type.values.map((choice) => `\`${choice}\``).join(', ') : '';
  return [`**${value}**: a value of \`${param.name}\` (${role})`, '', param.doc, '', `- one of ${choices}`, `- default: \`${formatDefault(param)}\``].join(
    '\n',
  );
}

/** `val_accuracy`: the metric or loss it names, on which split. */
function monitoredHover(catalogue: CatalogueView, name: string): string | undefined {
  const validation = name.startsWith('val_');
  const quantity = validation ? name.slice(4) : name;
  const on = validation ? 'on the validation split' : 'on the training split';
  if (quantity === 'loss') return `**${name}**: the loss ${on}`;
  const metric = catalogue.metric(quantity);
  return metric ? `**${name}**: the metric \`${metric.name}\` ${on}\n\n${metric.doc}` : undefined;
}

/** The catalogue hover at `offset`, if the innermost thing under the cursor is a catalogue name, key or value. */
export function catalogueHoverAt(allTokens: readonly SpecToken[], offset: number, catalogue: CatalogueView): CatalogueHover | undefined {
  const tokens = allTokens.filter((token) => token.kind !== 'comment');
  const at = tokenIndexAt(tokens, offset);
  if (at === undefined || (tokens[at]!.kind === 'punctuation' && tokens[at]!.text !== '.')) return undefined;
  const [first, last] = dottedSpan(tokens, at);
  const start = tokens[first]!;
  const range: Range = { start: start.range.start, end: tokens[last]!.range.end };
  const { stack, inert } = framesAt(allTokens, start.range.start.offset);
  if (inert) return undefined;
  const top = stack[stack.length - 1];
  const name = tokens
    .slice(first, last + 1)
    .map((token) => token.text)
    .join('');
  const next = tokens[last + 1]?.text;
  if (!top || top.frame.kind === 'model-body') return undefined;
  if (next === ':' && (start.kind === 'name' || start.kind === 'keyword')) {
    const { params, role } = paramsOfFrame(catalogue, top.frame);
    const param = params.find((candidate) => candidate.name === name);
    return param ? { markdown: paramHover(param, role), range } : undefined;
  }
  const slot = valueSlot(catalogue, tokens, first, stack);
  if (start.kind !== 'name' && start.kind !== 'keyword') return slot.param ? { markdown: paramHover(slot.param, slot.role), range } : undefined;
  // The value of a key of a study's `random:` is a sampling domain (`log_uniform(...)`).
  const domain = top.frame.kind === 'object' && top.frame.owner === 'random' && inStudy(stack) && tokens[first - 1]?.text === ':';
  const category = domain
    ? 'study_domain'
    : (categoryOfKey(slot.key, slot.param) ?? (name === 'early_stopping' && next === '(' ? 'early_stopping' : undefined));
  const entry = category ? lookupEntry(catalogue, category, name) : undefined;
  if (entry && category) return { markdown: entryHover(catalogue, entry, category), range };
  if (slot.param?.type.kind === 'enum' && slot.param.type.values.includes(name)) return { markdown: enumValueHover(name, slot.param, slot.role), range };
  if (slot.key === 'monitor') {
    const markdown = monitoredHover(catalogue, name);
    return markdown ? { markdown, range } : undefined;
  }
  return undefined;
}
