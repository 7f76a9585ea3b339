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
