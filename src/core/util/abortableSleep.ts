/**
 * Waits `ms`, or less when `signal` aborts (already aborted: at once). Resolves either way, so
 * callers check the signal themselves; the listener is removed so long waits on one signal do
 * not pile up handlers.
 */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
