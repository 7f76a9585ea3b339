/**
 * The load average before a benchmark starts. PyTorch's OpenMP threads collapse when anything else
 * runs on these 2-core machines (44x slower was measured), far more than nnspec's one thread, so
 * figures taken on a loaded machine are not comparable and are marked as such.
 */
import os from 'node:os';

/** Above this 1-minute load average the figures are marked as not comparable. */
export const QUIET_LOAD = 0.5;

/** One line on the load now, with a warning when the machine is not quiet. */
export function loadLine(): string {
  const [one, five, fifteen] = os.loadavg().map((value) => value.toFixed(2));
  const line = `load average ${one}, ${five}, ${fifteen} (1, 5, 15 min) on ${os.availableParallelism()} cores`;
  return os.loadavg()[0]! > QUIET_LOAD
    ? `WARNING: ${line}, above ${QUIET_LOAD}: something else is running; PyTorch's threads slow down far more than nnspec under load, so these figures are not comparable`
    : line;
}
