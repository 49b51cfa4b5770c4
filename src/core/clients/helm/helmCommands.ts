// Helm CLI calls as data ({command, args, parse}); JSON output (-o json) wherever helm offers it.
// Flags follow Helm 3.17's `helm <verb> --help`.
import type { ToolCommand } from '../../contracts/StepType.js';
import { ToolError } from '../../contracts/result.js';
import { toHelmRelease, type HelmRelease } from './decodeRelease.js';

/** Flags every cluster-facing helm command takes. */
export interface HelmGlobalOptions {
  namespace?: string;
  kubeContext?: string;
  kubeconfig?: string;
}

/** Options shared by install and upgrade. */
export interface HelmInstallOptions extends HelmGlobalOptions {
  release: string;
  /** Chart reference: repo/name, a path, a URL or an OCI reference. */
  chart: string;
  version?: string;
  valuesFiles?: string[];
  /** `--set key=value` pairs, in order. */
  set?: Record<string, string | number | boolean>;
  setString?: Record<string, string>;
  atomic?: boolean;
  wait?: boolean;
  /** Seconds, or a Go duration like `5m`. */
  timeout?: number | string;
  createNamespace?: boolean;
  dryRun?: boolean;
  /** upgrade only: install when the release does not exist (`--install`). */
  install?: boolean;
  /** upgrade only. */
  reuseValues?: boolean;
  resetValues?: boolean;
  /** upgrade only: delete resources this upgrade created when it fails. */
  cleanupOnFail?: boolean;
  description?: string;
}

/** A helm `--timeout` value: numbers are seconds. */
export function helmDuration(t: number | string): string {
  return typeof t === 'number' ? `${Math.max(1, Math.round(t))}s` : t;
}

function globalArgs(o: HelmGlobalOptions): string[] {
  const a: string[] = [];
  if (o.namespace) a.push('--namespace', o.namespace);
  if (o.kubeContext) a.push('--kube-context', o.kubeContext);
  if (o.kubeconfig) a.push('--kubeconfig', o.kubeconfig);
  return a;
}

/**
 * A value written so `--set` / `--set-string` read it literally: helm's strvals parser takes any
 * character after a backslash as itself, so escaping `,` (next pair), `=`, `.`, `[`, `]` (key
 * syntax), `{`, `}` (list syntax) and the backslash itself keeps a value from adding keys or becoming a list.
 */
export function escapeHelmSetValue(v: string): string {
  return v.replace(/[\\,=.[\]{}]/g, (c) => `\\${c}`);
}

function setArgs(flag: string, m: Record<string, unknown> | undefined): string[] {
  return Object.entries(m ?? {}).flatMap(([k, v]) => [flag, `${k}=${String(v)}`]);
}

/** Helm's last `Error:` line (or all of stderr) as a ToolError. */
export function helmError(verb: string, stderr: string, exitCode: number): ToolError {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const errLine = lines.find((l) => l.startsWith('Error:'))?.replace(/^Error:\s*/, '') ?? lines.at(-1) ?? `exit code ${exitCode}`;
  const code = /not found|no such|could not find/i.test(errLine) ? 'not-found' : /Kubernetes cluster unreachable|connection refused/i.test(errLine) ? 'engine-unreachable' : /timed out/i.test(errLine) ? 'timeout' : 'tool-failed';
  return new ToolError(code, `helm ${verb} failed: ${errLine}`);
}

function json<T>(verb: string, map: (v: unknown) => T) {
  return (stdout: string, stderr: string, exitCode: number): T => {
    if (exitCode !== 0) throw helmError(verb, stderr, exitCode);
    try {
      return map(JSON.parse(stdout.trim() || 'null'));
    } catch (e) {
      throw new ToolError('tool-failed', `helm ${verb} printed output that is not JSON: ${stdout.slice(0, 200)}`, undefined, { cause: e });
    }
  };
}

function text(verb: string) {
  return (stdout: string, stderr: string, exitCode: number): string => {
    if (exitCode !== 0) throw helmError(verb, stderr, exitCode);
    return stdout;
  };
}

/** Arguments of `helm install` / `helm upgrade`. */
export function getInstallArgs(verb: 'install' | 'upgrade', o: HelmInstallOptions): string[] {
  const a = [verb, o.release, o.chart, ...globalArgs(o)];
  if (verb === 'upgrade' && o.install) a.push('--install');
  if (o.createNamespace && (verb === 'install' || o.install)) a.push('--create-namespace');
  if (o.version) a.push('--version', o.version);
  for (const f of o.valuesFiles ?? []) a.push('--values', f);
  a.push(...setArgs('--set', o.set), ...setArgs('--set-string', o.setString));
  if (o.atomic) a.push('--atomic');
  if (o.wait) a.push('--wait');
  if (o.timeout !== undefined) a.push('--timeout', helmDuration(o.timeout));
  if (verb === 'upgrade' && o.reuseValues) a.push('--reuse-values');
  if (verb === 'upgrade' && o.resetValues) a.push('--reset-values');
  if (verb === 'upgrade' && o.cleanupOnFail) a.push('--cleanup-on-fail');
  if (o.description) a.push('--description', o.description);
  if (o.dryRun) a.push('--dry-run');
  a.push('--output', 'json');
  return a;
}

/** Reads the release JSON that install/upgrade print with `-o json`. */
export function parseReleaseOutput(v: unknown): HelmRelease {
  if (!v || typeof v !== 'object') throw new ToolError('tool-failed', 'helm printed no release');
  return toHelmRelease(v as Record<string, unknown>, 'secret');
}

/** `helm install`. */
export function helmInstall(helm: string, o: HelmInstallOptions): ToolCommand<HelmRelease> {
  return { command: helm, args: getInstallArgs('install', o), parse: json('install', parseReleaseOutput) };
}

/** `helm upgrade` (with `install: true` → `--install`). */
export function helmUpgrade(helm: string, o: HelmInstallOptions): ToolCommand<HelmRelease> {
  return { command: helm, args: getInstallArgs('upgrade', o), parse: json('upgrade', parseReleaseOutput) };
}

/** Options of `helm rollback`. */
export interface HelmRollbackOptions extends HelmGlobalOptions {
  release: string;
  /** Omit (or 0) for the previous revision. */
  revision?: number;
  wait?: boolean;
  timeout?: number | string;
  dryRun?: boolean;
  cleanupOnFail?: boolean;
}

/** Arguments of `helm rollback`. */
export function getRollbackArgs(o: HelmRollbackOptions): string[] {
  const a = ['rollback', o.release];
  if (o.revision) a.push(String(o.revision));
  a.push(...globalArgs(o));
  if (o.wait) a.push('--wait');
  if (o.timeout !== undefined) a.push('--timeout', helmDuration(o.timeout));
  if (o.cleanupOnFail) a.push('--cleanup-on-fail');
  if (o.dryRun) a.push('--dry-run');
  return a;
}

/** `helm rollback` (no JSON output exists; resolves to helm's message). */
export function helmRollback(helm: string, o: HelmRollbackOptions): ToolCommand<string> {
  return { command: helm, args: getRollbackArgs(o), parse: text('rollback') };
}

/** Options of `helm uninstall`. */
export interface HelmUninstallOptions extends HelmGlobalOptions {
  release: string;
  keepHistory?: boolean;
  /** Treat "release not found" as success (`--ignore-not-found`). */
  ignoreNotFound?: boolean;
  wait?: boolean;
  timeout?: number | string;
  dryRun?: boolean;
}

/** Arguments of `helm uninstall`. */
export function getUninstallArgs(o: HelmUninstallOptions): string[] {
  const a = ['uninstall', o.release, ...globalArgs(o)];
  if (o.keepHistory) a.push('--keep-history');
  if (o.ignoreNotFound) a.push('--ignore-not-found');
  if (o.wait) a.push('--wait');
  if (o.timeout !== undefined) a.push('--timeout', helmDuration(o.timeout));
  if (o.dryRun) a.push('--dry-run');
  return a;
}

/** `helm uninstall`. */
export function helmUninstall(helm: string, o: HelmUninstallOptions): ToolCommand<string> {
  return { command: helm, args: getUninstallArgs(o), parse: text('uninstall') };
}

/** Options of `helm test`. */
export interface HelmTestOptions extends HelmGlobalOptions {
  release: string;
  timeout?: number | string;
  /** Print the test pods' logs after they finish (`--logs`). */
  logs?: boolean;
}

/** Arguments of `helm test`. */
export function getTestArgs(o: HelmTestOptions): string[] {
  const a = ['test', o.release, ...globalArgs(o)];
  if (o.timeout !== undefined) a.push('--timeout', helmDuration(o.timeout));
  if (o.logs) a.push('--logs');
  return a;
}

/** `helm test` (runs the release's test hooks; resolves to helm's report, fails when a test fails). */
export function helmTest(helm: string, o: HelmTestOptions): ToolCommand<string> {
  return { command: helm, args: getTestArgs(o), parse: text('test') };
}

/** One row of `helm list -o json`. */
export interface HelmListItem {
  name: string;
  namespace: string;
  revision: string;
  updated: string;
  status: string;
  chart: string;
  app_version: string;
}

/** `helm list -o json` (all namespaces unless `namespace` is given). */
export function helmList(helm: string, o: HelmGlobalOptions & { all?: boolean } = {}): ToolCommand<HelmListItem[]> {
  const a = ['list', ...globalArgs(o), '--output', 'json'];
  if (!o.namespace) a.push('--all-namespaces');
  if (o.all) a.push('--all');
  return { command: helm, args: a, parse: json('list', (v) => (v ?? []) as HelmListItem[]) };
}

/** `helm template` → rendered manifests. */
export function helmTemplate(helm: string, o: Omit<HelmInstallOptions, 'install' | 'atomic' | 'wait' | 'dryRun'>): ToolCommand<string> {
  const a = ['template', o.release, o.chart, ...globalArgs(o)];
  if (o.version) a.push('--version', o.version);
  for (const f of o.valuesFiles ?? []) a.push('--values', f);
  a.push(...setArgs('--set', o.set), ...setArgs('--set-string', o.setString));
  return { command: helm, args: a, parse: text('template') };
}

/** One finding of `helm lint`. */
export interface HelmLintMessage {
  severity: 'error' | 'warning' | 'info';
  path: string;
  message: string;
}

/** Parses `helm lint` output lines such as `[ERROR] templates/x.yaml: unable to parse YAML`. */
export function parseLintOutput(stdout: string): HelmLintMessage[] {
  const out: HelmLintMessage[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^\[(ERROR|WARNING|INFO)\]\s+([^:]*):\s*(.*)$/.exec(line.trim());
    if (m) out.push({ severity: m[1] === 'ERROR' ? 'error' : m[1] === 'WARNING' ? 'warning' : 'info', path: m[2]!, message: m[3]! });
  }
  return out;
}

/** `helm lint`; resolves with findings (a failing lint is a result, not an error). */
export function helmLint(helm: string, chart: string, o: { valuesFiles?: string[]; strict?: boolean; set?: Record<string, string> } = {}): ToolCommand<{ ok: boolean; messages: HelmLintMessage[] }> {
  const a = ['lint', chart];
  for (const f of o.valuesFiles ?? []) a.push('--values', f);
  a.push(...setArgs('--set', o.set));
  if (o.strict) a.push('--strict');
  return {
    command: helm,
    args: a,
    parse: (stdout, stderr, exitCode) => {
      const messages = parseLintOutput(stdout + '\n' + stderr);
      if (exitCode !== 0 && messages.length === 0) throw helmError('lint', stderr, exitCode);
      return { ok: exitCode === 0, messages };
    },
  };
}

/** `helm repo add`. */
export function helmRepoAdd(helm: string, name: string, url: string, o: { forceUpdate?: boolean; username?: string; password?: string } = {}): ToolCommand<string> {
  const a = ['repo', 'add', name, url];
  if (o.forceUpdate) a.push('--force-update');
  if (o.username) a.push('--username', o.username);
  // The password goes through stdin so it never shows in a process list.
  if (o.password !== undefined) a.push('--password-stdin');
  return { command: helm, args: a, input: o.password, parse: text('repo add') };
}

/** `helm repo update` (all repos, or the named ones). */
export function helmRepoUpdate(helm: string, names: string[] = []): ToolCommand<string> {
  return { command: helm, args: ['repo', 'update', ...names], parse: text('repo update') };
}

/** `helm repo list -o json`; no repositories is an empty list, not an error. */
export function helmRepoList(helm: string): ToolCommand<Array<{ name: string; url: string }>> {
  return {
    command: helm,
    args: ['repo', 'list', '--output', 'json'],
    parse: (stdout, stderr, exitCode) => {
      if (exitCode !== 0 && /no repositories/i.test(stderr)) return [];
      return json('repo list', (v) => (v ?? []) as Array<{ name: string; url: string }>)(stdout, stderr, exitCode);
    },
  };
}

/** `helm search repo -o json`. */
export function helmSearchRepo(helm: string, keyword: string, o: { versions?: boolean; devel?: boolean; version?: string } = {}): ToolCommand<Array<{ name: string; version: string; app_version: string; description: string }>> {
  const a = ['search', 'repo', keyword, '--output', 'json'];
  if (o.versions) a.push('--versions');
  if (o.devel) a.push('--devel');
  if (o.version) a.push('--version', o.version);
  return { command: helm, args: a, parse: json('search repo', (v) => (v ?? []) as Array<{ name: string; version: string; app_version: string; description: string }>) };
}
