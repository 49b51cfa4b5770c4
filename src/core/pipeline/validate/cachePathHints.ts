// cache-paths-changed: `cache.sources`/`generates` used to resolve against the pipeline folder and
// now resolve against the step's working directory. A path that starts with that directory was
// written for the old meaning (`workingDirectory: web` + `web/src/**`): say so at the `cache` key.
// Once the path is rewritten the hint goes away, so each pipeline sees it once (see CHANGELOG).
import { posix } from 'node:path';
import type { Diagnostic } from '../../contracts/diagnostics.js';
import type { Pipeline } from '../model.js';

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** A hint on each step whose cache paths look written relative to the pipeline folder, not its working directory. */
export function cachePathHints(pipeline: Pipeline): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const step of [...pipeline.steps, ...pipeline.finally]) {
    const raw = step.workingDirectory ?? pipeline.defaults.workingDirectory;
    const range = step.keyRanges?.upToDate ?? step.keyRanges?.cache;
    if (!step.cache || !raw || !range || raw.includes('${{')) continue;
    const wd = posix.normalize(raw.replace(/\\/g, '/')).replace(/\/$/, '');
    if (wd === '.' || wd.startsWith('../') || wd.startsWith('/')) continue;
    const old = [...step.cache.sources, ...step.cache.generates].find((p) => posix.normalize(p.replace(/\\/g, '/')).startsWith(`${wd}/`));
    if (!old) continue;
    const fixed = posix.normalize(old.replace(/\\/g, '/')).slice(wd.length + 1);
    out.push({
      severity: 'hint',
      code: 'cache-paths-changed',
      message: `cache paths are now relative to the working directory '${clip(wd)}': '${clip(old)}' means '${clip(posix.join(wd, old))}'; write '${clip(fixed)}'`,
      range,
      data: { workingDirectory: wd, path: old, suggestion: fixed },
    });
  }
  return out;
}
