// Shared plumbing for the kubernetes.* step types: the cluster connection a step asks for, and
// readers for loosely typed `with` values.
import { KubeClient } from '../../../clients/kubernetes/KubeClient.js';
import type { StepContext, StepParamProblem } from '../../../contracts/StepType.js';
import { parseDuration } from '../../../util/durations.js';

/** The `with` keys every kubernetes.* step accepts for choosing a cluster. */
export const CONNECTION_KEYS = ['context', 'namespace', 'kubeconfig'] as const;

/** A client for the step's `with.context` / `with.namespace` / `with.kubeconfig`, reading KUBECONFIG from the step env. */
export function kubeForStep(ctx: Pick<StepContext, 'with' | 'env'>): KubeClient {
  const w = ctx.with;
  return KubeClient.load({
    kubeconfig: str(w.kubeconfig),
    context: str(w.context),
    namespace: str(w.namespace),
    env: { ...process.env, ...ctx.env },
  });
}

/** A string value or undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** A string list from a string or an array of strings. */
export function strList(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x) => typeof x === 'string' || typeof x === 'number').map(String);
  const s = str(v);
  return s ? [s] : [];
}

/** Booleans written as true/"true". */
export function bool(v: unknown, dflt = false): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v === 'true' || v === 'yes' || v === '1';
  return dflt;
}

/** Durations as seconds: 90, "90", "90s", "5m", "1h30m", "1.5h" (the shared parser). */
export function seconds(v: unknown): number | undefined {
  const ms = parseDuration(v);
  return ms === undefined ? undefined : ms / 1000;
}

/** Problems for keys that must be present. */
export function requireKeys(w: Record<string, unknown>, keys: string[]): StepParamProblem[] {
  return keys.filter((k) => w[k] === undefined || w[k] === '').map((key) => ({ key, message: `'${key}' is required` }));
}

/** Problems for durations that do not parse. */
export function checkDuration(w: Record<string, unknown>, key: string): StepParamProblem[] {
  return w[key] !== undefined && seconds(w[key]) === undefined ? [{ key, message: `'${key}' must be seconds or a duration like 90s, 5m` }] : [];
}
