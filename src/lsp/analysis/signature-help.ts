/**
 * Signature help: the signature of the innermost call around the cursor (a layer, optimizer,
 * loss, schedule, source, initializer, regularizer or `early_stopping(...)`), its parameters
 * with their docs and defaults, and the parameter being written: by the argument's name, by
 * its place among the positional arguments, or by the prefix of a name being typed.
 */
import type { CatalogueView, ParamView } from '../../catalogue/types.js';
import type { SpecToken } from '../../syntax/index.js';
import { callArguments, framesAt } from './context.js';
import { entryOfCall, paramOfArgument } from './entries.js';
import { describeParamFacts, signatureLine } from './signature.js';

/** One signature, with the parameter being written (an index into `parameters`), if any. */
export interface SignatureHelpInfo {
  label: string;
  documentation: string;
  parameters: { label: [number, number]; documentation: string }[];
  activeParameter: number | undefined;
}

/** The signature help at `offset`, or undefined when the cursor is in no known call. */
export function signatureHelpAt(allTokens: readonly SpecToken[], offset: number, catalogue: CatalogueView): SignatureHelpInfo | undefined {
  const { tokens, typing, stack, inert } = framesAt(allTokens, offset);
  if (inert) return undefined;
  // The innermost call: a list or object inside it (`input(shape: [2|8])`) still belongs to it.
  const call = [...stack].reverse().find((open) => open.frame.kind === 'layer-call' || open.frame.kind === 'value-call');
  const found = call ? entryOfCall(catalogue, call.frame) : undefined;
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
    const given = new Set(args.map((span, at) => (at === index ? undefined : paramOfArgument(entry, args, at)?.name)));
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
