// kubernetes.delete — delete named objects, or the objects in manifests (like `kubectl delete -f`).
import { collectManifestFiles, readManifestFiles } from '../../../clients/kubernetes/applyManifests.js';
import { deleteCollection, deleteResource, waitForDeletion } from '../../../clients/kubernetes/resourceApi.js';
import { discoverResources, findKind } from '../../../clients/kubernetes/resourceKinds.js';
import type { StepContext, StepOutcome, StepType } from '../../../contracts/StepType.js';
import { kubeForStep, manifestPaths } from './kubeForStep.js';
import { WithParams } from '../WithParams.js';

const PROPAGATION = ['Background', 'Foreground', 'Orphan'] as const;
import { rolloutTarget } from './rolloutStep.js';
import { manifestParser } from './applyStep.js';

async function del(ctx: StepContext, dryRun: boolean): Promise<StepOutcome> {
  const w = WithParams.of(ctx);
  const kube = kubeForStep(ctx);
  try {
    const targets: Array<{ kind: string; apiVersion?: string; name: string; namespace?: string }> = [];
    const files = collectManifestFiles(manifestPaths(w), ctx.workspace, w.bool('recursive', false));
    for (const d of readManifestFiles(files, manifestParser(ctx, 'manifests'))) {
      targets.push({ kind: d.object.kind!, apiVersion: d.object.apiVersion, name: d.object.metadata.name, namespace: d.object.metadata.namespace });
    }
    const selector = w.string('selector');
    if (selector) {
      const kind = w.string('kind') ?? w.string('resource');
      if (!kind) return { exitCode: 1, message: "'selector' needs 'kind'" };
      const names = await deleteCollection(kube, kind, selector, kube.namespace, { dryRun }, ctx.signal);
      for (const n of names) ctx.log('stdout', `${kind.toLowerCase()}/${n} deleted${dryRun ? ' (server dry run)' : ''}\n`);
      if (!dryRun && w.bool('wait', false)) await waitForDeletion(kube, kind, names, kube.namespace, 120_000, ctx.signal);
      return { exitCode: 0, outputs: { deleted: String(names.length) } };
    }
    const one = rolloutTarget(w);
    if (one && (w.string('resource') || w.string('kind'))) targets.push(one);
    let discovered: Awaited<ReturnType<typeof discoverResources>> | undefined;
    let missing = 0;
    // Reverse order: dependents (workloads) go before what they use (namespaces last).
    for (const t of targets.reverse()) {
      let r = findKind(t.kind, discovered ?? [], t.apiVersion);
      if (!r) r = findKind(t.kind, (discovered = await discoverResources(kube, ctx.signal)), t.apiVersion);
      if (!r) throw new Error(`unknown kind ${t.kind}`);
      const ns = r.namespaced ? t.namespace ?? kube.namespace : undefined;
      const gone = await deleteResource(kube, r, t.name, ns, { dryRun, propagationPolicy: w.enum('propagation', PROPAGATION) ?? 'Background' }, ctx.signal);
      if (!gone) missing++;
      else if (!dryRun && w.bool('wait', false)) await waitForDeletion(kube, r, [t.name], ns, 120_000, ctx.signal);
      ctx.log('stdout', `${r.kind.toLowerCase()}/${t.name} ${gone ? 'deleted' : 'not found'}${dryRun ? ' (server dry run)' : ''}\n`);
    }
    if (missing > 0 && !w.bool('ignoreNotFound', true)) return { exitCode: 1, message: `${missing} object(s) not found` };
    return { exitCode: 0, outputs: { deleted: String(targets.length - missing) } };
  } finally {
    kube.dispose();
  }
}

/** Deletes objects by `resource: kind/name` or by manifests; not-found is fine unless `ignoreNotFound: false`. */
export const deleteStep: StepType = {
  type: 'kubernetes.delete',
  validate(withParams) {
    const w = WithParams.check(withParams);
    w.enum('propagation', PROPAGATION);
    for (const k of ['wait', 'recursive', 'ignoreNotFound', 'dryRun']) w.bool(k);
    if (w.string('selector')) return w.string('kind') || w.string('resource') ? w.problems : [{ key: 'kind', message: "'selector' needs 'kind'" }, ...w.problems];
    return manifestPaths(w).length === 0 && !w.string('resource') && !(w.string('kind') && w.string('name')) ? [{ key: 'resource', message: "set 'resource' (kind/name), 'kind' + 'name', 'kind' + 'selector', or 'manifests'" }, ...w.problems] : w.problems;
  },
  run: (ctx) => del(ctx, ctx.dryRun || WithParams.of(ctx).bool('dryRun', false)),
  dryRun: (ctx) => del(ctx, true),
  describe(withParams) {
    const w = WithParams.check(withParams);
    return `kubectl delete ${w.string('resource') ?? (manifestPaths(w).map((f) => `-f ${f}`).join(' ') || '?')}`;
  },
};
