// The up-to-date decision for a step declaring `cache`, kept out of the scheduler: the fingerprint
// of a step's inputs (definition + sources, paths relative to its working directory), and whether
// the last successful run with that fingerprint still stands.
import { relative } from 'node:path';
import type { CacheSpec } from '../../pipeline/model.js';
import type { CacheEntry, RunStore } from '../store/RunStore.js';
import { hashFiles, inputsKey } from './cacheKey.js';

/** What {@link checkUpToDate} needs to know about one step instance. */
export interface UpToDateQuery {
  store: RunStore;
  /** Which pipeline the cache table entry belongs to (its file, else its name). */
  pipelineKey: string;
  step: string;
  /** The resolved definition (type, evaluated `with`, env, matrix values). */
  definition: Record<string, unknown>;
  workspace: string;
  /** The step's working directory: cache paths are relative to it. */
  cwd: string;
  cache: CacheSpec;
}

/** The fingerprint to record after a success, and the entry that makes the step up to date (if any). */
export interface UpToDateAnswer {
  fingerprint: string;
  upToDate?: CacheEntry;
}

/**
 * Decides whether a step can be skipped. With `generates`, its files must exist and match what the
 * last success left; with `sources` only, an unchanged fingerprint is enough (nothing else could
 * tell that the step's work is still done).
 */
export function checkUpToDate(q: UpToDateQuery): UpToDateAnswer {
  // The folder is part of the fingerprint: the same globs in another folder are other inputs.
  const fingerprint = inputsKey({ ...q.definition, cwd: relative(q.workspace, q.cwd).split('\\').join('/') }, q.cwd, q.cache.sources);
  const entry = q.store.readCache()[q.pipelineKey]?.[q.step];
  if (!entry || entry.inputs !== fingerprint) return { fingerprint };
  if (!q.cache.generates.length) return { fingerprint, upToDate: entry };
  const gen = hashFiles(q.cwd, q.cache.generates);
  return entry.generates === gen.hash && gen.missing.length === 0 && gen.files > 0 ? { fingerprint, upToDate: entry } : { fingerprint };
}

/** The cache entry to store for a step that just succeeded with `fingerprint`. */
export function cacheEntryAfterSuccess(fingerprint: string, cwd: string, cache: CacheSpec, runId: string, outputs: Record<string, string>): CacheEntry {
  return { inputs: fingerprint, generates: hashFiles(cwd, cache.generates).hash, runId, time: Date.now(), outputs };
}
