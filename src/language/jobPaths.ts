// A step inside a job (`jobs.<job>.steps.<id>`) has the same schema as a step under `steps:`, so
// completion and hover read its path as `steps.<id>`: every step-aware rule (type-driven `with`,
// needs, uses, snippets) then applies to job steps unchanged.
import type { PathSegment } from './locateAt.js';

/** `['jobs', j, 'steps', …rest]` → `['steps', …rest]`; other paths unchanged. */
export function canonicalStepPath(path: PathSegment[]): PathSegment[] {
  return path.length >= 3 && path[0] === 'jobs' && path[2] === 'steps' ? ['steps', ...path.slice(3)] : path;
}
