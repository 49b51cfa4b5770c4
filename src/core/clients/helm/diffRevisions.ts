// What changed between two revisions of a release, computed from their stored manifests so it needs
// neither the helm-diff plugin nor a cluster round-trip. The line diff itself is the `diff` package's.
import { diffLines, formatPatch, structuredPatch } from 'diff';
import type { HelmRelease } from './decodeRelease.js';

/** Added and removed line counts of a diff; both 0 when the texts are equal. */
export interface DiffStats {
  added: number;
  removed: number;
}

// A missing final newline would add "\ No newline at end of file" markers that say nothing about
// a manifest; both sides end with one so only real changes show.
function terminated(s: string): string {
  return s === '' || s.endsWith('\n') ? s : `${s}\n`;
}

/** A unified diff (`---`/`+++` headers, `@@` hunks with `context` lines, as `diff -U`); empty when equal. */
export function unifiedDiff(oldText: string, newText: string, oldName = 'a', newName = 'b', context = 3): string {
  const patch = structuredPatch(oldName, newName, terminated(oldText), terminated(newText), undefined, undefined, { context });
  if (patch.hunks.length === 0) return '';
  // formatPatch writes `--- name\theader`; with no headers given we want the bare names, like `diff -u a b`.
  const body = formatPatch(patch, { includeIndex: false, includeUnderline: false, includeFileHeaders: false });
  return `--- ${oldName}\n+++ ${newName}\n${body.endsWith('\n') ? body : `${body}\n`}`;
}

/** Counts added and removed lines between two texts. */
export function diffStats(oldText: string, newText: string): DiffStats {
  const stats: DiffStats = { added: 0, removed: 0 };
  for (const c of diffLines(terminated(oldText), terminated(newText))) {
    if (c.added) stats.added += c.count ?? 0;
    else if (c.removed) stats.removed += c.count ?? 0;
  }
  return stats;
}

/** The manifest diff between two revisions of a release. */
export function diffReleaseRevisions(from: HelmRelease, to: HelmRelease, context = 3): string {
  return unifiedDiff(from.manifest, to.manifest, `${from.name} revision ${from.revision}`, `${to.name} revision ${to.revision}`, context);
}

/** {@link diffStats} of two revisions' manifests. */
export function releaseDiffStats(from: HelmRelease, to: HelmRelease): DiffStats {
  return diffStats(from.manifest, to.manifest);
}
