// Runs one attempt of a step declaring `cache: {key, paths, restoreKeys}`: restores before the
// first attempt, saves after a success unless the key was an exact hit. Cache problems are logged
// and never fail the step (a cache is an optimisation). The folder and size limit come from the
// step's environment (ANSFLOW_CACHE_DIR, ANSFLOW_CACHE_MAX_MB), which the editor fills from its
// settings and the CLI takes from the shell.
import type { StepOutcome } from '../../contracts/StepType.js';
import type { DependencyCacheSpec } from '../../pipeline/model.js';
import type { RunnerStepContext } from '../stepContext.js';
import { DEFAULT_CACHE_MAX_BYTES, DependencyCache, defaultCacheDirectory } from './dependencyCache.js';

/** The cache folder a step's environment names (else the user's default), and its size limit. */
export function dependencyCacheFor(env: Record<string, string | undefined>): DependencyCache {
  const mb = Number(env.ANSFLOW_CACHE_MAX_MB);
  return new DependencyCache(env.ANSFLOW_CACHE_DIR || defaultCacheDirectory(env), Number.isFinite(mb) && mb > 0 ? mb * 1024 * 1024 : DEFAULT_CACHE_MAX_BYTES);
}

/** process.env plus the variables that carry the editor's `ansflow.cache.*` settings to the runner. */
export function dependencyCacheEnv(settings: { directory?: string; maxSizeMB?: number } | undefined, env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  return {
    ...env,
    ...(settings?.directory ? { ANSFLOW_CACHE_DIR: settings.directory } : {}),
    ...(settings?.maxSizeMB && settings.maxSizeMB > 0 ? { ANSFLOW_CACHE_MAX_MB: String(settings.maxSizeMB) } : {}),
  };
}

/** What the attempts of one instance remember between them. */
export interface DependencyCacheState {
  /** Set once the restore was tried: whether the key itself was found. */
  exactHit?: boolean;
}

const say = (ctx: RunnerStepContext, text: string) => ctx.log('system', `[ansflow] cache: ${text}\n`);
const why = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** `run` with the dependency cache around it (restore before the first attempt, save after success). */
export async function withDependencyCache(spec: DependencyCacheSpec, ctx: RunnerStepContext, state: DependencyCacheState, run: () => Promise<StepOutcome>): Promise<StepOutcome> {
  const cache = dependencyCacheFor(ctx.env);
  let key: string;
  let restoreKeys: string[];
  try {
    key = ctx.interpolate(spec.key);
    restoreKeys = spec.restoreKeys.map((k) => ctx.interpolate(k)).filter(Boolean);
  } catch (e) {
    return { exitCode: 1, message: `cache.key: ${why(e)}` };
  }
  if (state.exactHit === undefined) {
    try {
      const hit = await cache.restore(ctx.cwd, key, restoreKeys, ctx.signal);
      state.exactHit = hit?.exact ?? false;
      say(ctx, hit ? `restored ${hit.exact ? '' : 'from '}'${hit.key}'${hit.exact ? '' : ` (no entry for '${key}')`}` : `no entry for '${key}'`);
    } catch (e) {
      state.exactHit = false;
      if (ctx.signal.aborted) throw e;
      say(ctx, `not restored: ${why(e)}`);
    }
  }
  const outcome = await run();
  if (outcome.exitCode !== 0 || outcome.skipped !== undefined || state.exactHit) return outcome;
  try {
    const saved = await cache.save(ctx.cwd, key, spec.paths, ctx.signal);
    say(ctx, saved ? `saved '${key}' (${saved.files} files, ${saved.size} bytes)` : `nothing saved for '${key}' (no files under paths, or over the size limit)`);
  } catch (e) {
    if (ctx.signal.aborted) throw e;
    say(ctx, `not saved: ${why(e)}`);
  }
  return outcome;
}
