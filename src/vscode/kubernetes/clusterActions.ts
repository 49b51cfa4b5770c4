// The actions on cluster objects. Each takes the tree row it was invoked on, or asks for one from
// the palette; checks workspace trust and RBAC first (a refusal names the reason); long calls run
// under cancellable progress and end in a notification.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import {
  deleteResource, describeResource, getResource, listEventsFor, listResources, parseManifests, requireKind, resourceToYaml,
  rolloutRestart, rolloutUndo, scaleResource, streamPodLogs, toApplyObject, waitForRollout, type KubeClient, type KubeObject,
} from '../../core/clients/kubernetes/index.js';
import { actionsFor, permissionFor, type ActionId } from '../../core/views/clusters/actions.js';
import { logOptionsFrom } from '../../core/views/clusters/logOptions.js';
import type { ClusterNode, ContainerNode, ResourceNode } from '../../core/views/clusters/nodes.js';
import { stringify as toYaml } from 'yaml';
import { ensureTrusted } from '../run/trust.js';
import { applyWithDiff } from './applyWithDiff.js';
import { openExecTerminal, openLogsTerminal } from './kubeTerminals.js';
import type { ClustersDeps } from './registerClusters.js';
import { audited, auditNow } from '../observability/auditTrail.js';

type Target = ResourceNode | ContainerNode;

const isTarget = (a: unknown): a is Target => !!a && typeof a === 'object' && ((a as ClusterNode).type === 'resource' || (a as ClusterNode).type === 'container');

const PALETTE_KINDS: Record<ActionId, string[]> = {
  describe: ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'Service', 'Ingress', 'ConfigMap', 'Secret', 'PersistentVolumeClaim'],
  yaml: ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'Service', 'Ingress', 'ConfigMap', 'Secret', 'PersistentVolumeClaim'],
  edit: ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Service', 'Ingress', 'ConfigMap', 'PersistentVolumeClaim'],
  delete: ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'Service', 'Ingress', 'ConfigMap', 'Secret', 'PersistentVolumeClaim'],
  copyName: ['Deployment', 'Pod', 'Service'],
  scale: ['Deployment', 'StatefulSet'],
  restart: ['Deployment', 'StatefulSet', 'DaemonSet'],
  undo: ['Deployment'],
  logs: ['Pod'],
  exec: ['Pod'],
  portForward: ['Pod'],
};

export function registerClusterActions(deps: ClustersDeps): void {
  const { ctx, selection, model, docs, forwards } = deps;
  const editDir = join(ctx.extension.globalStorageUri.fsPath, 'kube-edit');
  const edits = new Map<string, { context: string }>();

  /** The row the command was invoked on, or one picked from the selected namespace. */
  async function target(arg: unknown, action: ActionId): Promise<Target | undefined> {
    if (isTarget(arg)) return arg;
    const context = selection.context;
    if (!context) throw selection.error ?? new Error('No Kubernetes context is selected.');
    const kube = selection.client();
    const kinds = PALETTE_KINDS[action];
    const lists = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Listing cluster objects…' }, () =>
      Promise.all(kinds.map((k) => listResources(kube, k, { namespace: kube.namespace }).then((l) => l.items.map((o) => ({ k, o }))).catch(() => []))),
    );
    const items = lists.flat().map(({ k, o }) => ({ label: `${k}/${o.metadata.name}`, k, o }));
    if (items.length === 0) {
      void vscode.window.showInformationMessage(`No ${kinds.join(', ')} objects in ${context}/${kube.namespace}.`);
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(items, { title: `${action}: object in ${context}/${kube.namespace}` });
    if (!pick) return undefined;
    const kind = requireKind(pick.k);
    pick.o.kind ??= kind.kind;
    return { type: 'resource', id: `palette/${pick.label}`, context, kind, object: pick.o, allowed: actionsFor({ type: 'resource', kind } as ResourceNode) };
  }

  /** Trust and RBAC gates; false (after telling why) when the action may not run. */
  async function allowed(t: Target, action: ActionId): Promise<boolean> {
    if (!(await ensureTrusted(`run cluster actions (${action})`))) return false;
    const kind = t.type === 'container' ? requireKind('Pod') : t.kind;
    const ns = t.type === 'container' ? t.pod.metadata.namespace : t.object.metadata.namespace;
    const q = permissionFor(action, kind, ns);
    if (!q) return true;
    const a = await model.accessReviews(t.context).can(q);
    if (!a.allowed) void vscode.window.showWarningMessage(`You may not ${q.verb} ${q.kind.plural}${q.subresource ? `/${q.subresource}` : ''} in ${ns ?? 'the cluster'} (context ${t.context})${a.reason ? `: ${a.reason}` : ' (RBAC)'}.`);
    return a.allowed;
  }

  const kubeOf = (t: Target): KubeClient => selection.client(t.context, '');
  const objOf = (t: Target): KubeObject => (t.type === 'container' ? t.pod : t.object);
  const nameOf = (o: KubeObject) => `${o.kind}/${o.metadata.name}`;
  /** The audit target of a row. */
  const auditOf = (t: Target) => ({ context: t.context, namespace: objOf(t).metadata.namespace, object: nameOf(objOf(t)) });
  const appliedDetail = (res: Array<{ kind: string; name: string; action: string }> | undefined) => (res ? res.map((r) => `${r.kind}/${r.name} ${r.action}`).join(', ') : false);

  /** A command handler: resolve the row, pass the gates, run. */
  const action = (id: ActionId, run: (t: Target, extra?: unknown) => Promise<unknown>) => async (arg?: unknown, extra?: unknown) => {
    const t = await target(arg, id);
    if (!t || !(await allowed(t, id))) return undefined;
    return run(t, extra);
  };

  /** The container to use: the row's, the only one, or a pick. */
  async function containerOf(t: Target): Promise<string | undefined> {
    if (t.type === 'container') return t.name;
    const names = (((t.object.spec?.containers ?? []) as Array<{ name: string }>)).map((c) => c.name);
    if (names.length <= 1) return names[0];
    return vscode.window.showQuickPick(names, { title: `Container of ${t.object.metadata.name}` });
  }

  ctx.registerCommand('kubeDescribe', action('describe', async (t) => {
    const kube = kubeOf(t);
    const fresh = await getResource(kube, (t.type === 'resource' ? t.kind : requireKind('Pod')), objOf(t).metadata.name, objOf(t).metadata.namespace);
    fresh.kind ??= objOf(t).kind;
    const sum = describeResource(fresh);
    const events = await listEventsFor(kube, fresh).catch(() => []);
    const lines = [...sum.details.map(([k, v]) => `${`${k}:`.padEnd(14)}${v}`), '', 'Events:', ...(events.length ? events.map((e) => `  ${String(e.type ?? '').padEnd(8)}${String(e.reason ?? '').padEnd(20)}${String(e.message ?? '')}`) : ['  <none>'])];
    return (await docs.show(`${t.context}/${fresh.metadata.namespace ?? '_'}/${fresh.kind}/${fresh.metadata.name}.describe`, lines.join('\n') + '\n')).document.uri.toString();
  }));

  ctx.registerCommand('kubeOpenYaml', action('yaml', async (t) => {
    const o = objOf(t);
    const fresh = await getResource(kubeOf(t), t.type === 'resource' ? t.kind : requireKind('Pod'), o.metadata.name, o.metadata.namespace);
    await docs.show(`${t.context}/${o.metadata.namespace ?? '_'}/${o.kind}/${o.metadata.name}.yaml`, resourceToYaml(fresh), 'yaml');
  }));

  ctx.registerCommand('kubeEditYaml', action('edit', async (t) => {
    const o = objOf(t);
    const kind = t.type === 'resource' ? t.kind : requireKind('Pod');
    const fresh = await getResource(kubeOf(t), kind, o.metadata.name, o.metadata.namespace);
    const dir = join(editDir, encodeURIComponent(t.context), o.metadata.namespace ?? '_');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${kind.kind}-${o.metadata.name}.yaml`);
    const header = `# Editing ${kind.kind} ${o.metadata.name} in context ${t.context}. Saving shows a dry-run diff, then applies server-side.\n`;
    writeFileSync(file, header + toYaml({ apiVersion: o.apiVersion, kind: kind.kind, ...toApplyObject(fresh) }, { lineWidth: 0 }));
    edits.set(file, { context: t.context });
    await vscode.window.showTextDocument(vscode.Uri.file(file));
  }));

  ctx.register(
    vscode.workspace.onDidSaveTextDocument(async (doc) => {
      const edit = edits.get(doc.uri.fsPath);
      if (!edit) return;
      try {
        if (!(await ensureTrusted('apply edited YAML'))) return;
        const kube = selection.client(edit.context, '');
        const res = await audited('apply', { context: edit.context, object: doc.uri.fsPath }, () => applyWithDiff(kube, parseManifests(doc.getText(), doc.uri.fsPath), docs, 'Edit'), { detailOf: appliedDetail });
        if (res) void vscode.window.showInformationMessage(`Applied: ${res.map((r) => `${r.kind}/${r.name} ${r.action}`).join(', ')}`);
      } catch (e) {
        ctx.log.error('edit apply failed', e);
        void vscode.window.showErrorMessage(`AnsFlow: ${(e as Error).message}`);
      }
    }),
  );

  ctx.registerCommand('kubeApplyFile', async (arg?: unknown) => {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!uri) throw new Error('Open a manifest file to apply.');
    if (!(await ensureTrusted('apply manifests'))) return;
    const doc = await vscode.workspace.openTextDocument(uri);
    const kube = selection.client();
    const res = await audited('apply', { context: kube.context, namespace: kube.namespace, object: uri.fsPath }, () => applyWithDiff(kube, parseManifests(doc.getText(), uri.fsPath), docs, 'Apply'), { detailOf: appliedDetail });
    if (res) void vscode.window.showInformationMessage(`Applied to ${kube.context}: ${res.map((r) => `${r.kind}/${r.name} ${r.action}`).join(', ')}`);
  });

  ctx.registerCommand('kubeCopyName', action('copyName', async (t) => {
    await vscode.env.clipboard.writeText(t.type === 'container' ? t.name : t.object.metadata.name);
  }));

  // Automation passes { name, gracePeriodSeconds }: the exact name stands in for the typed confirmation.
  ctx.registerCommand('kubeDelete', action('delete', async (t, opts) => {
    const o = objOf(t);
    const given = opts && typeof opts === 'object' ? (opts as { name?: unknown; gracePeriodSeconds?: unknown }) : undefined;
    const typed = given
      ? given.name
      : await vscode.window.showInputBox({
          title: `Delete ${nameOf(o)} from ${t.context}${o.metadata.namespace ? `/${o.metadata.namespace}` : ''}`,
          prompt: `Type the exact name "${o.metadata.name}" to delete it. This cannot be undone.`,
          validateInput: (v) => (v === o.metadata.name ? undefined : `Type "${o.metadata.name}" exactly`),
        });
    if (typed !== o.metadata.name) return false;
    const grace = given ? (typeof given.gracePeriodSeconds === 'number' ? given.gracePeriodSeconds : undefined) : await pickGrace();
    if (grace === null) return false;
    const kind = t.type === 'resource' ? t.kind : requireKind('Pod');
    await audited('delete', auditOf(t), () => deleteResource(kubeOf(t), kind, o.metadata.name, o.metadata.namespace, { gracePeriodSeconds: grace }), { detail: grace === 0 ? 'grace period 0' : undefined });
    void vscode.window.showInformationMessage(`Deleted ${nameOf(o)}.`);
    return true;
  }));

  /** undefined: the object's own grace period; null: cancelled. */
  async function pickGrace(): Promise<number | undefined | null> {
    const grace = await vscode.window.showQuickPick(['default grace period', 'now (grace period 0)'], { title: 'Grace period' });
    return grace === undefined ? null : grace.startsWith('now') ? 0 : undefined;
  }

  ctx.registerCommand('kubeScale', action('scale', async (t, replicas) => {
    const o = objOf(t);
    const current = String((o.spec?.replicas as number | undefined) ?? 1);
    const v = typeof replicas === 'number' ? String(replicas) : await vscode.window.showInputBox({ title: `Scale ${nameOf(o)}`, value: current, validateInput: (s) => (/^\d+$/.test(s.trim()) ? undefined : 'A whole number of replicas') });
    if (v === undefined) return;
    await audited('scale', auditOf(t), () => scaleResource(kubeOf(t), t.type === 'resource' ? t.kind : requireKind('Pod'), o.metadata.name, Number(v.trim()), o.metadata.namespace), { detail: `replicas ${current} → ${v.trim()}` });
    void vscode.window.showInformationMessage(`Scaled ${nameOf(o)} to ${v.trim()}.`);
  }));

  const followRollout = (t: Target, verb: string) =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${verb} ${nameOf(objOf(t))}`, cancellable: true }, async (p, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      const o = objOf(t);
      let last = '';
      const st = await waitForRollout(kubeOf(t), o.kind!, o.metadata.name, {
        namespace: o.metadata.namespace,
        signal: abort.signal,
        onProgress: (s) => {
          p.report({ message: s.message });
          if (s.message !== last) ctx.log.info(`${t.context}: ${(last = s.message)}`);
        },
      });
      // The outcome links to the log, where every progress line of the rollout was written.
      const outcome = st.failed ?? st.message;
      ctx.log[st.failed ? 'error' : 'info'](`${t.context}: ${outcome}`);
      void (st.failed ? vscode.window.showErrorMessage(outcome, 'Show Log') : vscode.window.showInformationMessage(outcome, 'Show Log')).then((c) => c && ctx.log.show());
    });

  ctx.registerCommand('kubeRolloutRestart', action('restart', async (t) => {
    const o = objOf(t);
    await audited('restart', auditOf(t), () => rolloutRestart(kubeOf(t), (t as ResourceNode).kind, o.metadata.name, o.metadata.namespace));
    await followRollout(t, 'Restarting');
  }));

  ctx.registerCommand('kubeRolloutUndo', action('undo', async (t) => {
    const o = objOf(t);
    const ok = await vscode.window.showWarningMessage(`Roll ${nameOf(o)} back to its previous revision?`, { modal: true }, 'Roll Back');
    if (ok !== 'Roll Back') return;
    const rev = await audited('rollback', auditOf(t), () => rolloutUndo(kubeOf(t), o.metadata.name, o.metadata.namespace), { detailOf: (r) => `to revision ${r}` });
    void vscode.window.showInformationMessage(`Rolled ${nameOf(o)} back to revision ${rev}.`);
    await followRollout(t, 'Rolling back');
  }));

  const logs = (previous: boolean) => async (t: Target) => {
    const container = await containerOf(t);
    const o = objOf(t);
    return openLogsTerminal({ kube: kubeOf(t), namespace: o.metadata.namespace!, pod: o.metadata.name, container }, previous ? { previous: true } : { follow: true, tailLines: 1000 }).name;
  };
  ctx.registerCommand('kubeLogs', action('logs', logs(false)));
  ctx.registerCommand('kubeLogsPrevious', action('logs', logs(true)));

  // "Pod Logs…": follow, previous, tail and since chosen in a short form (or passed by automation);
  // a followed log goes to a terminal, a finished one into a read-only editor.
  ctx.registerCommand('kubeLogsWithOptions', action('logs', async (t, given) => {
    const container = await containerOf(t);
    if (container === undefined && t.type === 'resource' && ((t.object.spec?.containers ?? []) as unknown[]).length > 1) return undefined;
    let form = given as { follow: boolean; previous: boolean; tail: string; since: string } | undefined;
    if (!form) {
      const flags = await vscode.window.showQuickPick(
        [
          { label: 'Follow', picked: false, id: 'follow' },
          { label: 'Previous container instance', picked: false, id: 'previous' },
        ],
        { title: 'Pod logs: options (Enter with none = the whole current log in an editor)', canPickMany: true },
      );
      if (!flags) return undefined;
      const tail = await vscode.window.showInputBox({ title: 'Last lines (--tail)', prompt: 'Empty for all', value: '1000', validateInput: (v) => { const r = logOptionsFrom({ follow: false, previous: false, tail: v, since: '' }); return 'error' in r ? r.error : undefined; } });
      if (tail === undefined) return undefined;
      const since = await vscode.window.showInputBox({ title: 'Newer than (--since)', prompt: 'e.g. 10m, 2h; empty for all', validateInput: (v) => { const r = logOptionsFrom({ follow: false, previous: false, tail: '', since: v }); return 'error' in r ? r.error : undefined; } });
      if (since === undefined) return undefined;
      form = { follow: flags.some((f) => f.id === 'follow'), previous: flags.some((f) => f.id === 'previous'), tail, since };
    }
    const opts = logOptionsFrom(form);
    if ('error' in opts) throw new Error(opts.error);
    const o = objOf(t);
    const target = { kube: kubeOf(t), namespace: o.metadata.namespace!, pod: o.metadata.name, container };
    if (opts.follow) return openLogsTerminal(target, opts).name;
    const lines: string[] = [];
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Reading the log of ${o.metadata.name}…`, cancellable: true }, async (_p, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      for await (const l of streamPodLogs(target.kube, target.namespace, target.pod, { ...opts, container, signal: abort.signal })) lines.push(l);
    });
    const editor = await docs.show(`${t.context}/${target.namespace}/logs/${target.pod}${container ? `-${container}` : ''}${opts.previous ? '-previous' : ''}.log`, lines.join('\n') + '\n', 'log');
    return editor.document.uri.toString();
  }));

  ctx.registerCommand('kubeExec', action('exec', async (t) => {
    const container = await containerOf(t);
    const o = objOf(t);
    openExecTerminal({ kube: kubeOf(t), namespace: o.metadata.namespace!, pod: o.metadata.name, container });
    auditNow('exec', auditOf(t), `shell in container ${container ?? '(default)'}`);
  }));

  // Automation passes { remotePort, localPort } and gets { id, localPort } back.
  ctx.registerCommand('kubePortForward', action('portForward', async (t, opts) => {
    const o = objOf(t);
    const given = opts && typeof opts === 'object' ? (opts as { remotePort?: number; localPort?: number }) : undefined;
    const ports = (((o.spec?.containers ?? []) as Array<{ ports?: Array<{ containerPort: number; name?: string }> }>)).flatMap((c) => c.ports ?? []);
    const remote = given?.remotePort !== undefined ? String(given.remotePort) : await vscode.window.showInputBox({ title: `Port-forward ${o.metadata.name}`, prompt: `Pod port${ports.length ? ` (declared: ${ports.map((p) => p.containerPort).join(', ')})` : ''}`, value: ports[0] ? String(ports[0].containerPort) : '', validateInput: (s) => (/^\d+$/.test(s) ? undefined : 'A port number') });
    if (!remote) return undefined;
    const local = given ? String(given.localPort ?? 0) : await vscode.window.showInputBox({ title: 'Local port on 127.0.0.1', prompt: '0 picks a free port', value: remote, validateInput: (s) => (/^\d+$/.test(s) ? undefined : 'A port number') });
    if (local === undefined) return undefined;
    const f = await audited('port-forward', auditOf(t), () => forwards.start(kubeOf(t), o.metadata.namespace!, o.metadata.name, Number(remote), Number(local)), { detailOf: (x) => `127.0.0.1:${x.localPort} → ${x.remotePort}` });
    // Not awaited: the forward runs on while the notification waits for a click.
    void vscode.window.showInformationMessage(`Forwarding 127.0.0.1:${f.localPort} → ${o.metadata.name}:${f.remotePort}.`, 'Open in Browser', 'Stop').then(async (open) => {
      if (open === 'Open in Browser') await vscode.env.openExternal(vscode.Uri.parse(`http://127.0.0.1:${f.localPort}/`));
      if (open === 'Stop') forwards.stop(f.id);
    });
    return { id: f.id, localPort: f.localPort };
  }));

  // Automation passes the ids to stop; returns the ids stopped.
  ctx.registerCommand('kubeStopPortForward', async (ids?: unknown) => {
    if (Array.isArray(ids)) {
      const stop = forwards.list().filter((f) => ids.includes(f.id)).map((f) => f.id);
      stop.forEach((id) => forwards.stop(id));
      return stop;
    }
    const items = forwards.list().map((f) => ({ label: `127.0.0.1:${f.localPort} → ${f.pod}:${f.remotePort}`, description: `${f.context}/${f.namespace}`, id: f.id }));
    if (items.length === 0) return void vscode.window.showInformationMessage('No active port-forwards.');
    const picks = await vscode.window.showQuickPick(items, { title: 'Active port-forwards: pick the ones to stop', canPickMany: true });
    for (const p of picks ?? []) forwards.stop(p.id);
    return (picks ?? []).map((p) => p.id);
  });
}
