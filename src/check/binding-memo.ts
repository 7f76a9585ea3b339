/**
 * Remembers how each layer call was bound to its catalogue entry, across checker runs on versions
 * of one document: binding arguments is about half of a model's check, and an edit changes one
 * call. Kept by the model check cache (./model-check-cache.ts), which the language server passes.
 *
 * A binding depends on the call (its name and range), the arguments given (the same array unless
 * a merge or a block use rewrote them), the catalogue entry, and (for an unknown layer's
 * suggestion) the names of the spec's blocks. The call object is the key; the rest is compared.
 * What the binding reported is recorded and reported again on a hit, so the diagnostics, and the
 * sink's counts that tell whether a call bound cleanly, are those of binding it again.
 */
import type { Argument, LayerNode } from '../syntax/ast.js';
import type { LayerView } from '../catalogue/types.js';
import { CheckContext, type Report } from './context.js';

/** A sink that forwards every report to `target` and keeps a copy. */
class RecordingContext extends CheckContext {
  readonly reports: Report[] = [];
  constructor(private readonly target: CheckContext) {
    super();
  }

  override report(report: Report): void {
    this.reports.push(report);
    this.target.report(report);
  }

  override get errorCount(): number {
    return this.target.errorCount;
  }
}

interface Remembered<T> {
  view: LayerView | undefined;
  args: readonly Argument[];
  blockNames: string;
  reports: Report[];
  binding: T;
}

/** Bindings of layer calls, by call object. */
export class BindingMemo<T> {
  private readonly known = new WeakMap<LayerNode, Remembered<T>>();

  /** The binding of `call`, remembered (its reports made again on `ctx`) or made by `bindOnce` on `ctx`. */
  bind(ctx: CheckContext, call: LayerNode, view: LayerView | undefined, args: readonly Argument[], blockNames: string, bindOnce: (sink: CheckContext) => T): T {
    const found = this.known.get(call);
    if (found && found.view === view && found.args === args && found.blockNames === blockNames) {
      for (const report of found.reports) ctx.report(report);
      return found.binding;
    }
    const recorder = new RecordingContext(ctx);
    const binding = bindOnce(recorder);
    this.known.set(call, { view, args, blockNames, reports: recorder.reports, binding });
    return binding;
  }
}
