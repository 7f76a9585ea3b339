/**
 * Which catalogue entries a place in a document names: the entry a call's parentheses belong
 * to, the kind of entry a `key:` takes as its value, the parameters a block or object accepts.
 * Completion, signature help and hover all ask these questions; the answers come from the
 * catalogue only.
 */
import type { CatalogueView, EntryView, ParamView } from '../../catalogue/types.js';
import type { ArgumentSpan, Frame } from './context.js';
import { categoryOfKey, lookupEntry, positionalParams, type EntryCategory } from '../../catalogue/entry-lookup.js';

export { CATEGORY_WORD, categoryNames, categoryOfKey, lookupEntry, positionalParams } from '../../catalogue/entry-lookup.js';
export type { EntryCategory } from '../../catalogue/entry-lookup.js';

/** The entry whose parentheses a call frame is, with its category. */
export function entryOfCall(catalogue: CatalogueView, frame: Frame): { entry: EntryView; category: EntryCategory | 'layer' } | undefined {
  if (frame.kind === 'layer-call') {
    const layer = catalogue.layer(frame.layer);
    return layer ? { entry: layer, category: 'layer' } : undefined;
  }
  if (frame.kind !== 'value-call') return undefined;
  const category = frame.domain ? 'study_domain' : (categoryOfKey(frame.key) ?? (frame.callee === 'early_stopping' ? 'early_stopping' : undefined));
  const entry = category ? lookupEntry(catalogue, category, frame.callee) : undefined;
  return entry && category ? { entry, category } : undefined;
}

/**
 * The parameters or options accepted inside a frame, and what one of them is, in words
 * (`` `train` block option ``, `` `dense` parameter ``).
 */
export function paramsOfFrame(catalogue: CatalogueView, frame: Frame): { params: readonly ParamView[]; role: string } {
  switch (frame.kind) {
    case 'block':
      if (frame.owner === 'study') return { params: catalogue.studyOptions, role: '`study` block option' };
      return frame.owner === 'data'
        ? { params: catalogue.dataOptions, role: '`data` block option' }
        : { params: catalogue.trainOptions, role: '`train` block option' };
    case 'object':
      if (frame.owner === 'split') return { params: catalogue.splitOptions, role: '`split` option' };
      if (frame.owner === 'early_stopping') return { params: catalogue.earlyStoppingOptions, role: '`early_stopping` option' };
      return { params: [], role: '' };
    case 'layer-call':
    case 'value-call': {
      const found = entryOfCall(catalogue, frame);
      return found ? { params: found.entry.params, role: `\`${found.entry.name}\` parameter` } : { params: [], role: '' };
    }
    default:
      return { params: [], role: '' };
  }
}

/**
 * The parameter the argument `args[index]` gives: by its name, or by its place among the
 * positional arguments before it. Undefined for an unknown name or an extra positional argument.
 */
export function paramOfArgument(entry: EntryView, args: readonly ArgumentSpan[], index: number): ParamView | undefined {
  const argument = args[index];
  if (!argument) return undefined;
  if (argument.name !== undefined) return entry.params.find((param) => param.name === argument.name);
  const place = args.slice(0, index).filter((other) => other.name === undefined).length;
  return positionalParams(entry)[place];
}
