/**
 * Lets timers, signal handlers and UI events run between training steps, which never yield by
 * themselves. `setImmediate` where it exists (Node: runs before timers, so the step loop loses
 * little); a zero `setTimeout` in browsers, which have no `setImmediate`.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}

/**
 * A trainer's pacing between steps: the returned function yields to the event loop when at least
 * `everyMs` have passed since it last did (so Ctrl-C and timers run during a long epoch), and
 * otherwise returns at once.
 */
export function eventLoopPacer(everyMs = 50): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last <= everyMs) return;
    await yieldToEventLoop();
    last = performance.now();
  };
}
