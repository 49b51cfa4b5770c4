// What one activation cost, for the e2e layer to print (issue #20): the time from the host starting to
// evaluate dist/extension.js to activate() being called, the time spent inside activate(), and which
// lazy bundles (dist/lazy/) were already loaded when it returned — none should be, they load at first use.
import { basename } from 'node:path';

/** Set by the esbuild banner of dist/extension.js; absent when the sources run directly (tsx). */
declare const __ansflowBundleStart: number | undefined;

export interface ActivationFigures {
  /** Bundle evaluation until activate() was called, ms (undefined when not run from the bundle). */
  readonly loadMs: number | undefined;
  /** Time inside activate(), ms. */
  readonly activateMs: number;
  /** File names of the lazy bundles loaded when activate() returned. */
  readonly lazyBundlesLoaded: readonly string[];
  /** Time of each registration inside activate(), ms, in call order (what to move out when the total grows). */
  readonly phases: Readonly<Record<string, number>>;
}

/** Runs one registration of activate() and records its time under `name` in `phases`. */
export function timed<T>(phases: Record<string, number>, name: string, register: () => T): T {
  const t0 = performance.now();
  try {
    return register();
  } finally {
    phases[name] = Math.round((performance.now() - t0) * 10) / 10;
  }
}

/** Lazy bundles in the module cache, by file name. */
export function loadedLazyBundles(cache: Record<string, unknown> = require.cache): string[] {
  return Object.keys(cache)
    .filter((p) => /[\\/]dist[\\/]lazy[\\/][^\\/]+\.js$/.test(p))
    .map((p) => basename(p))
    .sort();
}

/** Call at the end of activate() with the monotonic time read at its entry. */
export function activationFigures(enteredAt: number, phases: Readonly<Record<string, number>> = {}): ActivationFigures {
  const activateMs = performance.now() - enteredAt;
  const loadMs = typeof __ansflowBundleStart === 'number' ? enteredAt - __ansflowBundleStart : undefined;
  return { loadMs, activateMs, lazyBundlesLoaded: loadedLazyBundles(), phases };
}
