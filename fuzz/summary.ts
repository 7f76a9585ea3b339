/** The summary a campaign prints: inputs, throughput, failures by property and signature, the slowest input. */
import type { TargetSummary } from './campaign.js';

function tally(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? 'none' : entries.map(([name, count]) => `${name} ${count}`).join(', ');
}

/** Human-readable lines for the summaries of a campaign. */
export function renderSummary(summaries: readonly TargetSummary[]): string {
  const lines: string[] = [];
  for (const summary of summaries) {
    const rate = summary.seconds > 0 ? summary.inputs / summary.seconds : 0;
    lines.push(`## ${summary.target}`);
    lines.push(
      `inputs: ${summary.inputs} in ${summary.seconds.toFixed(1)} s (${rate.toFixed(1)} inputs/s, ${(summary.inputBytes / 2 ** 20).toFixed(2)} MB of input)`,
    );
    lines.push(`kinds: ${tally(summary.byKind)}`);
    lines.push(`failures: ${summary.failures.length} (${tally(summary.byProperty)})`);
    const signatures = new Map<string, typeof summary.failures>();
    for (const failure of summary.failures) signatures.set(failure.signature, [...(signatures.get(failure.signature) ?? []), failure]);
    for (const [signature, failures] of signatures) {
      const first = failures[0]!;
      const where = first.savedTo ?? `seed ${first.seed} index ${first.index}`;
      lines.push(`  ${failures.length} x ${signature}`);
      lines.push(`      first: #${first.index} (${first.kind}, ${first.inputSize} -> ${first.minimizedSize ?? '?'}): ${where}`);
    }
    if (summary.slowest)
      lines.push(
        `slowest input: #${summary.slowest.index} (${summary.slowest.kind}), ${summary.slowest.size} characters or bytes, ${summary.slowest.ms.toFixed(0)} ms`,
      );
    lines.push(`peak resident memory growth during a case: ${summary.peakRssGrowthMb.toFixed(0)} MB; workers started: ${summary.workersStarted}`);
    lines.push('');
  }
  return lines.join('\n');
}

/**
 * The failures of some properties as lines for a test's assertion: the first three in full
 * (index, kind, property, stage, message, input), then how many in all and their indices.
 */
export function describeFailures(summary: TargetSummary, properties: readonly string[]): string[] {
  const failures = summary.failures.filter((failure) => properties.includes(failure.property));
  const shown = failures
    .slice(0, 3)
    .map(
      (failure) =>
        `#${failure.index} ${failure.kind} ${failure.property} in ${failure.stage}: ${failure.message.slice(0, 300)} -- input ${JSON.stringify(failure.input).slice(0, 300)}`,
    );
  return failures.length > shown.length
    ? [...shown, `... ${failures.length} failures in all (indices ${failures.map((failure) => failure.index).join(', ')})`]
    : shown;
}
