// What the Helm tree's actions do, editor-free: each builds a helm CLI call from the client's
// command builders and runs it through the client's runner, so the editor, tests and the CLI share
// one path (and a missing helm is always the same `tool-not-found` with install advice).
import {
  HELM_INSTALL_HINT,
  helmRollback,
  helmTemplate,
  helmTest,
  helmUninstall,
  helmUpgrade,
  releaseDiffStats,
  runToolCommand,
  type DiffStats,
  type HelmGlobalOptions,
  type HelmRelease,
} from '../../clients/helm/index.js';
import type { ToolCommand } from '../../contracts/StepType.js';
import { ToolError } from '../../contracts/result.js';

/** A release and where helm finds it. */
export interface HelmReleaseTarget {
  /** The helm executable (see findHelm). */
  helm: string;
  context: string;
  namespace: string;
  release: string;
  /** A single kubeconfig file to pass as `--kubeconfig`; omit to let helm read KUBECONFIG. */
  kubeconfig?: string;
}

/** Cancellation and progress for every action. */
export interface HelmActionOptions {
  signal?: AbortSignal;
  /** Helm's stderr lines (progress, warnings). */
  onStderrLine?(line: string): void;
}

/** What the upgrade form collects. */
export interface HelmUpgradeForm {
  /** A chart folder, archive, repo/name or OCI reference. */
  chart: string;
  valuesFiles?: string[];
  /** `key=value` pairs as typed (see {@link parseSetPairs}). */
  set?: Record<string, string>;
  atomic?: boolean;
  wait?: boolean;
  reuseValues?: boolean;
  timeout?: string;
}

function globals(t: HelmReleaseTarget): HelmGlobalOptions {
  return { namespace: t.namespace, kubeContext: t.context, kubeconfig: t.kubeconfig };
}

function run<T>(cmd: ToolCommand<T>, o: HelmActionOptions): Promise<T> {
  return runToolCommand(cmd, { signal: o.signal, onStderrLine: o.onStderrLine, installHint: HELM_INSTALL_HINT });
}

/**
 * Reads `--set` input: `key=value` pairs separated by commas or new lines (`image.tag=v2, replicas=3`).
 * Throws `invalid-input` naming the first piece that is not a pair.
 */
export function parseSetPairs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const piece of text.split(/[,\n]/).map((p) => p.trim()).filter(Boolean)) {
    const eq = piece.indexOf('=');
    if (eq <= 0) throw new ToolError('invalid-input', `"${piece}" is not a key=value pair.`, 'Write pairs like image.tag=v2, replicas=3.');
    out[piece.slice(0, eq).trim()] = piece.slice(eq + 1).trim();
  }
  return out;
}

/** `helm upgrade` of the release with the form's chart, values files, `--set` pairs and flags. */
export function upgradeRelease(t: HelmReleaseTarget, form: HelmUpgradeForm, o: HelmActionOptions = {}): Promise<HelmRelease> {
  return run(helmUpgrade(t.helm, { ...globals(t), release: t.release, chart: form.chart, valuesFiles: form.valuesFiles, set: form.set, atomic: form.atomic, wait: form.wait, reuseValues: form.reuseValues, timeout: form.timeout }), o);
}

/** `helm rollback` to a revision. */
export function rollbackRelease(t: HelmReleaseTarget, revision: number, opts: { wait?: boolean } & HelmActionOptions = {}): Promise<string> {
  return run(helmRollback(t.helm, { ...globals(t), release: t.release, revision, wait: opts.wait }), opts);
}

/** `helm uninstall`. */
export function uninstallRelease(t: HelmReleaseTarget, opts: { keepHistory?: boolean; wait?: boolean } & HelmActionOptions = {}): Promise<string> {
  return run(helmUninstall(t.helm, { ...globals(t), release: t.release, keepHistory: opts.keepHistory, wait: opts.wait }), opts);
}

/** `helm test --logs`. */
export function testRelease(t: HelmReleaseTarget, opts: { timeout?: string } & HelmActionOptions = {}): Promise<string> {
  return run(helmTest(t.helm, { ...globals(t), release: t.release, timeout: opts.timeout, logs: true }), opts);
}

/** `helm template` of a chart folder (rendered locally: no cluster needed). */
export function templateChart(helm: string, form: { chart: string; release?: string; namespace?: string; valuesFiles?: string[]; set?: Record<string, string> }, o: HelmActionOptions = {}): Promise<string> {
  return run(helmTemplate(helm, { release: form.release || 'release-name', chart: form.chart, namespace: form.namespace, valuesFiles: form.valuesFiles, set: form.set }), o);
}

/** What a rollback would change: the manifest diff from the latest revision to the target. */
export function rollbackPreview(history: readonly HelmRelease[], revision: number): { current: HelmRelease; target: HelmRelease; stats: DiffStats } {
  const current = [...history].sort((a, b) => b.revision - a.revision)[0];
  const target = history.find((r) => r.revision === revision);
  if (!current || !target) throw new ToolError('not-found', `Revision ${revision} is not stored for this release.`);
  if (current.revision === target.revision) throw new ToolError('invalid-input', `Revision ${revision} is already the latest.`);
  return { current, target, stats: releaseDiffStats(current, target) };
}

/** The confirm text of a rollback, with the size of the change. */
export function rollbackQuestion(p: ReturnType<typeof rollbackPreview>): string {
  const change = p.stats.added + p.stats.removed === 0 ? 'The manifests are identical (values or hooks may still differ).' : `The manifest changes by +${p.stats.added} −${p.stats.removed} lines.`;
  return `Roll back ${p.current.name} (namespace ${p.current.namespace}) from revision ${p.current.revision} to revision ${p.target.revision}? ${change}`;
}
