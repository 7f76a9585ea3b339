/**
 * Signature help: the signature of the innermost call around the cursor (a layer, optimizer,
 * loss, schedule, source, initializer, regularizer or `early_stopping(...)`), its parameters
 * with their docs and defaults, and the parameter being written: by the argument's name, by
 * its place among the positional arguments, or by the prefix of a name being typed.
 */
import type { CatalogueView, ParamView } from '../../catalogue/types.js';
import type { SpecToken } from '../../syntax/index.js';
import type { BlockDeclaration } from '../../syntax/ast.js';
import { callArguments, framesAt, type ArgumentSpan } from './context.js';
import { entryOfCall, paramOfArgument } from './entries.js';
import { describeParamFacts, signatureLine } from './signature.js';

/** One signature, with the parameter being written (an index into `parameters`), if any. */
export interface SignatureHelpInfo {
  label: string;
  documentation: string;
  parameters: { label: [number, number]; documentation: string }[];
  activeParameter: number | undefined;
}

/**
 * A block use's signature (`conv_block(filters, rate = 0.1)`, defaults as written in `text`),
 * with the param being written: by the argument's name, else by its place.
 */
function blockSignatureHelp(block: BlockDeclaration, text: string, args: readonly ArgumentSpan[], index: number): SignatureHelpInfo {
  let label = `${block.name?.name ?? '?'}(`;
  const parameters = block.params.map((param) => {
    const written = param.default ? `${param.name.name} = ${text.slice(param.default.range.start.offset, param.default.range.end.offset)}` : param.name.name;
    if (!label.endsWith('(')) label += ', ';
    const span: [number, number] = [label.length, label.length + written.length];
    label += written;
    return { label: span, documentation: param.default ? 'optional: the default applies when a use leaves it out' : 'required' };
  });
  label += ')';
  const argument = index >= 0 ? args[index] : undefined;
  const byName = argument?.name !== undefined ? block.params.findIndex((param) => param.name.name === argument.name) : -1;
  const place = argument && argument.name === undefined ? args.slice(0, index).filter((span) => span.name === undefined).length : -1;
  const active = byName >= 0 ? byName : place >= 0 && place < block.params.length ? place : undefined;
  return { label, documentation: `block declared on line ${block.range.start.line}`, parameters, activeParameter: active };
}

/**
 * The signature help at `offset`, or undefined when the cursor is in no known call. `blocks` (with
 * the document's `text`, for their defaults) answer for block uses.
 */
export function signatureHelpAt(
  allTokens: readonly SpecToken[],
  offset: number,
  catalogue: CatalogueView,
  blocks: readonly BlockDeclaration[] = [],
  text = '',
): SignatureHelpInfo | undefined {
  const { tokens, typing, stack, inert } = framesAt(allTokens, offset);
  if (inert) return undefined;
  // The innermost call: a list or object inside it (`input(shape: [2|8])`) still belongs to it.
  const call = [...stack].reverse().find((open) => open.frame.kind === 'layer-call' || open.frame.kind === 'value-call');
  const found = call ? entryOfCall(catalogue, call.frame) : undefined;
  const frame = call?.frame;
  const block = !found && frame?.kind === 'layer-call' ? blocks.find((candidate) => candidate.name?.name === frame.layer) : undefined;
  if (call && block) {
    const args = callArguments(tokens, call.open);
    return blockSignatureHelp(
      block,
      text,
      args,
      args.findIndex((span) => typing <= span.end),
    );
  }
  if (!call || !found) return undefined;
  const { entry } = found;
  const args = callArguments(tokens, call.open);
  // The argument the cursor is in: the first one that ends at or after it.
  const index = args.findIndex((span) => typing <= span.end);
  let active: ParamView | undefined = index >= 0 ? paramOfArgument(entry, args, index) : undefined;
  const argument = index >= 0 ? args[index] : undefined;
  if (argument && argument.name === undefined && typing === argument.start && tokens[typing]?.range.end.offset === offset && tokens[typing]?.kind === 'name') {
    // A name being typed where a key may go (`dense(16, act|`): the first parameter not yet given that it begins.
    const prefix = tokens[typing]!.text;
    const given = new Set(args.map((_span, at) => (at === index ? undefined : paramOfArgument(entry, args, at)?.name)));
    active = entry.params.find((param) => !given.has(param.name) && param.name.startsWith(prefix)) ?? active;
  }
  const line = signatureLine(entry);
  return {
    label: line.label,
    documentation: entry.doc,
    parameters: line.params.map(({ param, span }) => ({ label: span, documentation: describeParamFacts(param).join('\n') })),
    activeParameter: active ? entry.params.indexOf(active) : undefined,
  };
}
