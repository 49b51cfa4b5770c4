import type { ImportError } from '../draft';
import { deepMerge, type GlConfig } from './glLoad';
import { isRecord } from '../../util/isRecord';

// The jobs of a loaded .gitlab-ci.yml as GitLab sees them once `extends` and `default:` are applied:
// hidden `.name` entries only serve as bases; every other non-keyword map is a job.

const GLOBAL_KEYWORDS = new Set(['stages', 'types', 'variables', 'default', 'include', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script', 'spec']);
/** Keys `default:` (and the old top-level form) hand to every job that does not set them. */
const DEFAULT_KEYS = ['image', 'services', 'cache', 'before_script', 'after_script', 'retry', 'timeout', 'artifacts', 'interruptible', 'tags', 'hooks', 'id_tokens'];

const DEFAULT_STAGES = ['build', 'test', 'deploy'];

export interface GlJob {
  name: string;
  /** The job's keys after `extends` and defaults; `extends` itself removed. */
  def: Record<string, unknown>;
}

/** A base that `extends` names but the file lacks, where an include we did not read may hold it. */
export interface MissingBase {
  job: string;
  base: string;
}

function resolveExtends(name: string, config: GlConfig, errors: ImportError[], chain: string[] = [], missing?: MissingBase[]): Record<string, unknown> {
  const own = config[name];
  if (!isRecord(own) && missing && chain.length) {
    missing.push({ job: chain[0]!, base: name });
    return {};
  }
  if (!isRecord(own)) {
    errors.push({ message: `job '${chain[chain.length - 1] ?? name}' extends '${name}', which is not in the file` });
    return {};
  }
  if (chain.includes(name)) {
    errors.push({ message: `extends cycle: ${[...chain, name].join(' → ')}` });
    return {};
  }
  if (chain.length > 11) {
    errors.push({ message: `extends of '${chain[0]}' nests deeper than GitLab's 11 levels` });
    return {};
  }
  const bases = own.extends === undefined ? [] : Array.isArray(own.extends) ? own.extends.map(String) : [String(own.extends)];
  let merged: unknown = {};
  for (const base of bases) merged = deepMerge(merged, resolveExtends(base, config, errors, [...chain, name], missing));
  const { extends: _ignored, ...rest } = own;
  void _ignored;
  return deepMerge(merged, rest) as Record<string, unknown>;
}

/** What `default:` (and the deprecated top-level keys) give each job. */
function defaultsOf(config: GlConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of DEFAULT_KEYS) if (key in config) out[key] = config[key];
  if (isRecord(config.default)) {
    const fromDefault = config.default.extends !== undefined ? resolveExtends('default', config, []) : config.default;
    Object.assign(out, fromDefault);
  }
  return out;
}

function inheritedDefaults(job: Record<string, unknown>, defaults: Record<string, unknown>): Record<string, unknown> {
  const inherit = isRecord(job.inherit) ? job.inherit.default : undefined;
  if (inherit === false) return {};
  if (Array.isArray(inherit)) return Object.fromEntries(Object.entries(defaults).filter(([k]) => inherit.includes(k)));
  return defaults;
}

/** `includesUnread`: bases missing from the file are reported in `missingBases`, not as errors. */
export function readJobs(config: GlConfig, includesUnread = false): { jobs: GlJob[]; errors: ImportError[]; missingBases: MissingBase[] } {
  const errors: ImportError[] = [];
  const missingBases: MissingBase[] = [];
  const defaults = defaultsOf(config);
  const jobs: GlJob[] = [];
  for (const [name, value] of Object.entries(config)) {
    if (GLOBAL_KEYWORDS.has(name) || name.startsWith('.') || !isRecord(value)) continue;
    const extended = resolveExtends(name, config, errors, [], includesUnread ? missingBases : undefined);
    jobs.push({ name, def: { ...inheritedDefaults(extended, defaults), ...extended } });
  }
  return { jobs, errors, missingBases };
}

/** `stages:` with GitLab's implicit `.pre` first and `.post` last. */
export function stagesOf(config: GlConfig): string[] {
  const declared = Array.isArray(config.stages) ? config.stages.map(String) : Array.isArray(config.types) ? config.types.map(String) : DEFAULT_STAGES;
  return ['.pre', ...declared.filter((s) => s !== '.pre' && s !== '.post'), '.post'];
}
