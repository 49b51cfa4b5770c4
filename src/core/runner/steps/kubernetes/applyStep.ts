// kubernetes.apply — server-side apply of plain manifests (files, folders, inline YAML).
import { applyManifests, collectManifestFiles, parseManifests, readManifestFiles, type AppliedObject, type ManifestDoc, type ParseYamlDocuments } from '../../../clients/kubernetes/applyManifests.js';
import { waitForRollout } from '../../../clients/kubernetes/rolloutStatus.js';
import { splitApiVersion } from '../../../clients/kubernetes/resourceKinds.js';
import type { StepContext, StepOutcome, StepType, WithValueKind } from '../../../contracts/StepType.js';
import { evaluatorOf, parseYamlWithValues, substituteDeep } from '../../values/index.js';
import { kubeForStep, manifestPaths } from './kubeForStep.js';
import { WithParams } from '../WithParams.js';

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/** kubectl-style object reference: `deployment.apps/web`. */
export function objectRef(o: Pick<AppliedObject, 'kind' | 'apiVersion' | 'name'>): string {
  const { group } = splitApiVersion(o.apiVersion);
  return `${o.kind.toLowerCase()}${group ? `.${group}` : ''}/${o.name}`;
}

/**
 * Manifest text parsed with `${{ }}` substituted as YAML values inside the documents, never pasted
 * into the text (a value with a newline cannot add fields or documents). See parseYamlWithValues.
 */
export function manifestParser(ctx: Pick<StepContext, 'evaluate'>, key: string): ParseYamlDocuments {
  const evaluate = evaluatorOf(ctx, key);
  return (text, lc) => parseYamlWithValues(text, evaluate, key, lc);
}

/** `manifest` is raw: the step substitutes its values as YAML values (see {@link manifestParser}). */
export const KUBERNETES_APPLY_RAW_KEYS: Readonly<Record<string, WithValueKind>> = { manifest: 'raw' };

function loadDocs(ctx: StepContext): ManifestDoc[] {
  const w = WithParams.of(ctx);
  const files = collectManifestFiles(manifestPaths(w), ctx.workspace, w.bool('recursive', false));
  const docs = readManifestFiles(files, manifestParser(ctx, 'manifests'));
  docs.push(...inlineDocs(ctx, ctx.with.manifest, `${ctx.stepId}.with.manifest`));
  return docs;
}

/** `manifest:` as YAML text, one object, or a list of objects. */
function inlineDocs(ctx: Pick<StepContext, 'evaluate'>, m: unknown, source: string): ManifestDoc[] {
  if (typeof m === 'string' && m.trim()) return parseManifests(m, source, manifestParser(ctx, 'manifest'));
  const evaluate = evaluatorOf(ctx, 'manifest');
  const list = Array.isArray(m) ? m : m && typeof m === 'object' ? [m] : [];
  return list.flatMap((o, i) => parseManifests(JSON.stringify(evaluate ? substituteDeep(o, evaluate, 'manifest') : o), `${source}[${i}]`));
}

/** `prune:` as a selector string or `{ selector }`; undefined when pruning is off. */
export function pruneSelector(w: WithParams): string | undefined {
  const p = w.get('prune');
  // `prune: true` (no selector) is refused by validate.
  if (typeof p === 'boolean') return undefined;
  return typeof p === 'object' && p !== null ? w.section('prune')?.string('selector') : w.string('prune');
}

async function apply(ctx: StepContext, dryRun: boolean): Promise<StepOutcome> {
  const w = WithParams.of(ctx);
  const kube = kubeForStep(ctx);
  try {
    const docs = loadDocs(ctx);
    if (docs.length === 0) return { exitCode: 1, message: 'no manifests found' };
    ctx.log('system', `Applying ${docs.length} object(s) to context "${kube.context}" (server-side, field manager ansflow${dryRun ? ', dry run' : ''})\n`);
    const results = await applyManifests(kube, docs, {
      dryRun,
      namespace: w.string('namespace'),
      force: w.bool('force', false),
      pruneSelector: pruneSelector(w),
      signal: ctx.signal,
      onApplied: (o) => ctx.log('stdout', `${objectRef(o)} ${o.action}${o.unvalidated ? ' (dry run; namespace not created yet, not validated by the server)' : dryRun ? ' (server dry run)' : ''}\n`),
    });
    const outputs: Record<string, string> = {
      objects: JSON.stringify(results.map((r) => ({ kind: r.kind, apiVersion: r.apiVersion, name: r.name, namespace: r.namespace, action: r.action }))),
      created: String(results.filter((r) => r.action === 'created').length),
      configured: String(results.filter((r) => r.action === 'configured').length),
      unchanged: String(results.filter((r) => r.action === 'unchanged').length),
      pruned: String(results.filter((r) => r.action === 'pruned').length),
      dryRun: String(dryRun),
    };
    // Like the schema says: wait for applied workloads unless `wait: false`.
    if (!dryRun && w.bool('wait', true)) {
      const timeoutMs = (w.seconds('timeout') ?? 300) * 1000;
      for (const r of results.filter((x) => WORKLOADS.has(x.kind) && x.action !== 'pruned')) {
        await waitForRollout(kube, r.kind, r.name, {
          namespace: r.namespace,
          timeoutMs,
          signal: ctx.signal,
          onProgress: (s) => {
            ctx.progress(s.message, s.fraction);
            ctx.log('system', s.message + '\n');
          },
        });
      }
    }
    return { exitCode: 0, outputs };
  } finally {
    kube.dispose();
  }
}

/** Applies manifests with server-side apply; `dryRun` uses the server's dry run. */
export const applyStep: StepType = {
  type: 'kubernetes.apply',
  withValues: KUBERNETES_APPLY_RAW_KEYS,
  validate(withParams) {
    const w = WithParams.check(withParams);
    const problems = [];
    if (manifestPaths(w).length === 0 && !w.has('manifest')) problems.push({ key: 'manifests', message: "set 'manifests' (files or folders) or 'manifest' (inline YAML or objects)" });
    const prune = w.get('prune');
    if (prune === true || (prune && typeof prune === 'object' && !pruneSelector(w))) problems.push({ key: 'prune', message: "pruning needs a label selector: prune: { selector: 'app=web' }" });
    if (w.bool('serverSide') === false) problems.push({ key: 'serverSide', message: 'only server-side apply is supported (it replaces client-side apply since Kubernetes 1.22)' });
    w.duration('timeout');
    for (const k of ['wait', 'force', 'recursive', 'dryRun']) w.bool(k);
    w.string('namespace');
    return [...problems, ...w.problems];
  },
  run: (ctx) => apply(ctx, ctx.dryRun || WithParams.of(ctx).bool('dryRun', false)),
  dryRun: (ctx) => apply(ctx, true),
  describe(withParams) {
    const w = WithParams.check(withParams);
    const what = manifestPaths(w).join(' ') || 'inline manifest';
    return `kubectl apply --server-side -f ${what}${w.string('namespace') ? ` -n ${w.string('namespace')}` : ''}`;
  },
};
