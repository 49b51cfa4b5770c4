// cache-deprecated: `cache:` now names the dependency cache (`key`, `paths`, `restoreKeys`); the
// up-to-date check it used to mean is `upToDate:`. The old form still runs as an up-to-date check,
// with this warning at the key; the quick fix renames the key (src/language/quickFixes.ts).
import type { Diagnostic } from '../../contracts/diagnostics.js';
import type { Pipeline } from '../model.js';

/** A warning on each step whose own `cache:` has the up-to-date form (`sources`/`generates`). */
export function cacheDeprecations(pipeline: Pipeline): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const step of [...pipeline.steps, ...pipeline.finally]) {
    const range = step.keyRanges?.cache;
    if (!range || !step.cache || step.dependencyCache || step.keyRanges?.upToDate) continue;
    out.push({
      severity: 'warning',
      code: 'cache-deprecated',
      message: '`cache: {sources, generates}` is now written `upToDate:`; `cache:` is the dependency cache (`key`, `paths`, `restoreKeys`)',
      range,
      data: { suggestion: 'upToDate' },
    });
  }
  return out;
}
