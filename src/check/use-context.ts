/**
 * The diagnostics sink of a model's graph: the same problem found again (in each repetition of
 * a `repeat`, or in each use of a block with the same arguments) is reported once, and every
 * diagnostic from inside a block use names that use.
 */
import type { Label } from '../diagnostics/diagnostic.js';
import type { CheckedBlockUse } from './program.js';
import type { Report } from './context.js';
import { CheckContext } from './context.js';
import { describeCode } from '../diagnostics/codes/index.js';

/** "in `conv_block` used at line 14": how a diagnostic from a block's body names its use. */
export function describeUse(use: CheckedBlockUse): string {
  return `in \`${use.block}\` used at line ${use.range.start.line}`;
}

/** What the sinks of one model share: the diagnostics seen, and how many errors were said again. */
interface Shared {
  seen: Set<string>;
  repeatedErrors: number;
}

/**
 * Forwards to `parent`, once per distinct diagnostic. A repeated error still counts in
 * `errorCount`, so a check that compares counts (was this call bound cleanly?) sees it.
 */
export class DedupContext extends CheckContext {
  constructor(
    private readonly parent: CheckContext,
    private readonly shared: Shared = { seen: new Set(), repeatedErrors: 0 },
  ) {
    super();
  }

  override report(report: Report): void {
    const key = JSON.stringify(report);
    if (this.shared.seen.has(key)) {
      if ((report.severity ?? describeCode(report.code)?.severity ?? 'error') === 'error') this.shared.repeatedErrors += 1;
      return;
    }
    this.shared.seen.add(key);
    this.parent.report(report);
  }

  override get errorCount(): number {
    return this.parent.errorCount + this.shared.repeatedErrors;
  }

  /** A sink for a block use's body: each diagnostic gets a label at the use saying so. */
  forUse(use: CheckedBlockUse, at: Label['range']): DedupContext {
    const label: Label = { range: at, message: describeUse(use) };
    const outer = this;
    return new (class extends DedupContext {
      override report(report: Report): void {
        outer.report({ ...report, labels: [...(report.labels ?? []), label] });
      }
    })(this.parent, this.shared);
  }
}
