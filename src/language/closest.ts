// "Did you mean" for quick fixes: the core's ranking, so a quick fix offers what the diagnostic says.
import { closestNames, nameDistance } from '../core/pipeline/validate/closestName.js';

/** Edit distance used for suggestions (a swap of two neighbours counts as one edit). */
export const editDistance = nameDistance;

/** Candidates other than `word` itself, best first, as the core's diagnostics rank them. */
export function closestMatches(word: string, candidates: Iterable<string>, limit = 3): string[] {
  return closestNames(
    word,
    [...candidates].filter((c) => c !== word),
    limit,
  );
}
