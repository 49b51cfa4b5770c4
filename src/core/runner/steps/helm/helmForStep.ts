// Shared plumbing for helm.* steps: locating helm, the common `with` keys, and running a command
// with helm's stderr (warnings, hook progress) streamed to the step log.
import { findHelm } from '../../../clients/helm/findHelm.js';
import { runToolCommand } from '../../../clients/helm/runToolCommand.js';
import { escapeHelmSetValue, type HelmInstallOptions } from '../../../clients/helm/helmCommands.js';
import type { StepContext, StepOutcome, ToolCommand, WithValueKind } from '../../../contracts/StepType.js';
import { toDisplayString } from '../../../pipeline/expressions/coerce.js';
import { ToolError } from '../../../contracts/result.js';
import { evaluatorOf, substituteText, wholeExpression, type Evaluate } from '../../values/index.js';
import type { HelmRelease } from '../../../clients/helm/decodeRelease.js';
import { HELM_INSTALL_HINT } from '../../../clients/helm/findHelm.js';
import { WithParams } from '../WithParams.js';
import { resolve } from 'node:path';
import type { RunnerStepContext } from '../../stepContext.js';

/** The helm binary for a step: `with.helmPath`, else ANSFLOW_HELM / PATH / usual folders (from the step env). */
export function helmFor(ctx: Pick<StepContext, 'with' | 'env'>): string {
  return findHelm(WithParams.of(ctx).string('helmPath') ?? ctx.env.ANSFLOW_HELM_PATH, { ...process.env, ...ctx.env });
}

/**
 * The arguments as logged: `--set` values without their escapes, so the masker, which knows a
 * secret's plain text but not its `--set`-escaped form, still hides it.
 */
export function shownArgs(args: string[]): string[] {
  return args.map((a, i) => (args[i - 1] === '--set' || args[i - 1] === '--set-string' ? a.replace(/\\(.)/g, '$1') : a));
}

/** Runs a helm ToolCommand with the step's env (KUBECONFIG etc.), streaming stderr to the log. */
export function runHelm<T>(ctx: StepContext, cmd: ToolCommand<T>): Promise<T> {
  ctx.log('system', `$ helm ${shownArgs(cmd.args).join(' ')}\n`);
  return runToolCommand({ ...cmd, env: { ...ctx.env, ...cmd.env }, cwd: ctx.workspace }, { signal: ctx.signal, forceSignal: (ctx as RunnerStepContext).forceSignal, installHint: HELM_INSTALL_HINT, onStderrLine: (l) => ctx.log('stderr', l + '\n') });
}

/**
 * helm.install / helm.upgrade keys whose `${{ }}` the step substitutes itself: each value is escaped
 * for helm's `--set` syntax, so a value like `a,b=c` cannot set another key (see {@link setValues}).
 */
export const HELM_SET_RAW_KEYS: Readonly<Record<string, WithValueKind>> = { set: 'raw', setString: 'raw' };

function setValue(x: unknown, evaluate: Evaluate | undefined, key: string): string | number | boolean {
  if (typeof x !== 'string') return typeof x === 'object' ? JSON.stringify(x) : (x as number | boolean);
  // Literal text is the author's own `--set` syntax (e.g. `{a,b}` for a list); only values are escaped.
  if (!evaluate) return x;
  const whole = wholeExpression(x, key);
  if (whole !== undefined) {
    const v = evaluate(whole);
    return typeof v === 'number' || typeof v === 'boolean' ? v : escapeHelmSetValue(toDisplayString(v));
  }
  return substituteText(x, evaluate, key, (v) => escapeHelmSetValue(toDisplayString(v)));
}

/** `set` / `setString` (raw keys) as `--set` pairs, with every substituted value escaped. */
export function setValues(ctx: Pick<StepContext, 'with' | 'evaluate'>, key: 'set' | 'setString'): Record<string, string | number | boolean> | undefined {
  const m = ctx.with[key];
  const evaluate = evaluatorOf(ctx, key);
  const whole = evaluate && typeof m === 'string' ? wholeExpression(m, key) : undefined;
  if (whole !== undefined) {
    // One `${{ }}` giving the whole map: every value in it came from an expression.
    const v = evaluate!(whole);
    if (v === null || v === undefined || v === '') return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) throw new ToolError('invalid-input', `with.${key} must be a map of values`);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'number' || typeof x === 'boolean' ? x : escapeHelmSetValue(toDisplayString(x))]));
  }
  if (!m || typeof m !== 'object' || Array.isArray(m)) return undefined;
  return Object.fromEntries(Object.entries(m as Record<string, unknown>).map(([k, x]) => [k, setValue(x, evaluate, `${key}.${k}`)]));
}

/** Maps a step's `with` to install/upgrade options; relative values files resolve against the pipeline folder. */
export function installOptions(ctx: Pick<StepContext, 'with' | 'workspace' | 'dryRun' | 'evaluate'> & { stepId?: string }, w = WithParams.of(ctx)): HelmInstallOptions {
  const chart = w.string('chart') ?? '';
  const values = w.get('values');
  const inlineValues = values !== null && typeof values === 'object' && !Array.isArray(values);
  const localChart = chart.startsWith('.') || chart.startsWith('/');
  return {
    release: w.string('release') ?? w.string('name') ?? '',
    chart: localChart ? resolve(ctx.workspace, chart) : chart,
    namespace: w.string('namespace'),
    kubeContext: w.string('context'),
    kubeconfig: w.string('kubeconfig'),
    version: w.string('version'),
    // An inline `values` map is written to a file by withInlineValues; named files come from either key.
    valuesFiles: ((inlineValues ? undefined : w.list('values')) ?? w.list('valuesFiles') ?? []).map((f) => resolve(ctx.workspace, f)),
    set: setValues(ctx, 'set'),
    setString: setValues(ctx, 'setString') as Record<string, string> | undefined,
    atomic: w.bool('atomic', false),
    wait: w.bool('wait', false),
    timeout: w.seconds('timeout'),
    createNamespace: w.bool('createNamespace', false),
    dryRun: ctx.dryRun || w.bool('dryRun', false),
    description: w.string('description'),
  };
}

/** Logs the release summary and NOTES; outputs release, namespace, revision, status, chart, appVersion. */
export function releaseOutcome(ctx: StepContext, r: HelmRelease): StepOutcome {
  ctx.log('stdout', `release "${r.name}" in namespace "${r.namespace}": revision ${r.revision}, ${r.status} (${r.chartName}-${r.chartVersion}${r.appVersion ? `, app ${r.appVersion}` : ''})\n`);
  if (r.notes.trim()) ctx.log('stdout', `NOTES:\n${r.notes.trimEnd()}\n`);
  return { exitCode: 0, outputs: { release: r.name, namespace: r.namespace, revision: String(r.revision), status: r.status, chart: `${r.chartName}-${r.chartVersion}`, appVersion: r.appVersion } };
}

/** `with` checks shared by install and upgrade. */
export function validateInstall(withParams: Record<string, unknown>) {
  const w = WithParams.check(withParams).require('chart');
  if (!(w.string('release') ?? w.string('name'))) w.fail('release', 'is required');
  // Reading every option checks its type.
  installOptions({ with: withParams, workspace: '.', dryRun: false }, w);
  for (const k of ['installIfMissing', 'install', 'reuseValues', 'resetValues', 'cleanupOnFail']) w.bool(k);
  return w.problems;
}


/** Release-only options shared by rollback and uninstall. */
export function releaseOptions(ctx: StepContext, w = WithParams.of(ctx)) {
  return { release: w.string('release') ?? w.string('name') ?? '', namespace: w.string('namespace'), kubeContext: w.string('context'), kubeconfig: w.string('kubeconfig'), wait: w.bool('wait', false), timeout: w.seconds('timeout') };
}

/** `with` checks shared by rollback and uninstall. */
export function validateRelease(withParams: Record<string, unknown>) {
  const w = WithParams.check(withParams);
  if (!(w.string('release') ?? w.string('name'))) w.require('release');
  w.duration('timeout');
  for (const k of ['wait', 'dryRun', 'cleanupOnFail', 'keepHistory', 'ignoreNotFound']) w.bool(k);
  w.number('revision', { integer: true, min: 0 });
  return w.problems;
}

