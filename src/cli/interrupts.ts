import type { CliIo } from './io.js';

/** Exit code after Ctrl-C, as shells report a SIGINT death (128 + 2). */
export const EXIT_INTERRUPTED = 130;

/** What a long command does on Ctrl-C: the first stops it gently, a second quits at once. */
export interface StopRequests {
  /** True once Ctrl-C was pressed or the reader of stdout went away. */
  readonly requested: boolean;
  /** Stops listening (call when the work is over). */
  dispose(): void;
}

/**
 * Listens for Ctrl-C and for a closed stdout (`nnspec train | head`). The first Ctrl-C sets
 * `requested` and calls `onFirst` (a note to the user); a second quits at once with
 * `quitMessage`, since the user asked for "now". A closed stdout stops as Ctrl-C would, quietly.
 */
export function listenForStop(io: CliIo, onFirst: () => void, quitMessage: string): StopRequests {
  let requested = false;
  const stopListening = io.onInterrupt?.(() => {
    if (requested) {
      io.stderr(`${quitMessage}\n`);
      process.exit(EXIT_INTERRUPTED);
    }
    requested = true;
    onFirst();
  });
  const stopOnClosedOutput = io.onOutputClosed?.(() => {
    requested = true;
  });
  return {
    get requested() {
      return requested;
    },
    dispose() {
      stopListening?.();
      stopOnClosedOutput?.();
    },
  };
}
