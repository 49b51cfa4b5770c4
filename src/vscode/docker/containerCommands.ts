// The Containers view's commands. Each takes the tree row it was invoked on (or asks with a quick pick
// from the palette), checks workspace trust before changing or running anything, confirms what
// destroys, and leaves the wording of plans and results to core (src/core/views/containers/).
import * as vscode from 'vscode';
import type { AnsflowContext } from '../AnsflowContext.js';
import { ensureTrusted } from '../run/trust.js';
import { CancellationError, ToolError } from '../../core/contracts/result.js';
import {
  AUTO_SHELL,
  LayerProgress,
  buildRunImageOptions,
  containerName,
  describePrunePlan,
  parseTagInput,
  planPrune,
  summarizePruneResult,
  type ContainersNode,
  type PruneKind,
} from '../../core/views/containers/index.js';
import type { DockerClient, LogsOptions, TransferProgress } from '../../core/clients/docker/index.js';
import type { DockerSession } from './DockerSession.js';
import { openLogsTerminal, openShellTerminal, openStatsTerminal } from './dockerTerminals.js';
import { InspectDocuments, type InspectKind } from './InspectDocuments.js';
import { findCredentials, forgetCredentials, promptCredentials } from './registryCredentials.js';
import { audited } from '../observability/auditTrail.js';
import type { AuditAction } from '../../core/observability/audit/index.js';

interface ContainerRef {
  id: string;
  name: string;
  state: string;
}

/** A row, `{ id }` / an id string (automation), or nothing (palette: ask). */
type Target = ContainersNode | { id?: string; ref?: string; name?: string } | string | undefined;

function isNode(t: Target): t is ContainersNode {
  return !!t && typeof t === 'object' && 'data' in t && typeof (t as ContainersNode).data === 'object';
}

async function pickContainer(session: DockerSession, t: Target, states?: readonly string[], placeHolder = 'Pick a container'): Promise<ContainerRef | undefined> {
  if (isNode(t) && t.data.kind === 'container') return { id: t.data.id, name: t.data.name, state: t.data.state };
  const all = (await session.client().listContainers()).map((c) => ({ id: c.Id, name: containerName(c), state: c.State }));
  const wanted = typeof t === 'string' ? t : t && !isNode(t) ? (t.id ?? t.name) : undefined;
  if (wanted) {
    const found = all.find((c) => c.id === wanted || c.id.startsWith(wanted) || c.name === wanted);
    if (!found) throw new ToolError('not-found', `No container '${wanted}'`);
    return found;
  }
  const choices = all.filter((c) => !states || states.includes(c.state));
  if (!choices.length) {
    void vscode.window.showInformationMessage(`No ${states ? states.join('/') + ' ' : ''}containers.`);
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    choices.map((c) => ({ label: c.name, description: `${c.state} · ${c.id.slice(0, 12)}`, c })),
    { placeHolder },
  );
  return pick?.c;
}

async function pickImage(session: DockerSession, t: Target, placeHolder: string): Promise<{ id: string; ref?: string } | undefined> {
  if (isNode(t) && t.data.kind === 'image') return { id: t.data.id, ref: t.data.ref };
  if (typeof t === 'string') return { id: t, ref: t };
  if (t && !isNode(t) && (t.ref || t.id)) return { id: (t.id ?? t.ref)!, ref: t.ref ?? t.id };
  const refs = (await session.client().listImages()).flatMap((i) => (i.RepoTags ?? []).filter((r) => r !== '<none>:<none>').map((ref) => ({ label: ref, description: i.Id.slice(7, 19), id: i.Id })));
  const pick = await vscode.window.showQuickPick(refs, { placeHolder });
  return pick && { id: pick.id, ref: pick.label };
}

async function confirm(message: string, detail: string, action: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
}

/** Runs a change against the engine (recorded in the audit trail), then reloads the lists (events would too, a moment later). */
async function change(session: DockerSession, title: string, fn: (c: DockerClient) => Promise<unknown>, audit: { action: AuditAction; object: string }): Promise<void> {
  const run = () => vscode.window.withProgress({ location: { viewId: 'ansflow.containers' }, title }, () => fn(session.client()));
  await audited(audit.action, { context: session.label() || 'docker', object: audit.object }, run);
  await session.model()?.refresh().catch(() => undefined);
}

/** Pull/push with layer progress in a cancellable notification. */
async function transfer(title: string, run: (o: { signal: AbortSignal; onProgress(p: TransferProgress): void }) => Promise<unknown>): Promise<boolean> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    const layers = new LayerProgress();
    try {
      await run({ signal: abort.signal, onProgress: (p) => progress.report(layers.update(p)) });
      return true;
    } catch (e) {
      if (e instanceof CancellationError || abort.signal.aborted) return false;
      throw e;
    } finally {
      sub.dispose();
    }
  });
}

const PRUNE_KINDS: PruneKind[] = ['containers', 'images', 'volumes', 'networks'];

/** Registers every Containers command on `ctx`. */
export function registerContainerCommands(ctx: AnsflowContext, session: DockerSession, inspect: InspectDocuments): void {
  const secrets = ctx.extension.secrets;

  ctx.registerCommand('refreshContainers', () => session.model()?.refresh());

  ctx.registerCommand('switchDockerContext', async (name?: unknown) => {
    let picked = typeof name === 'string' ? name : undefined;
    if (!picked) {
      const items = session.contexts().map((c) => ({ label: c.name, description: `${c.inUse ? '● in use · ' : ''}${c.host ?? ''}`, detail: c.description }));
      picked = (await vscode.window.showQuickPick(items, { placeHolder: 'Docker context for the Containers view' }))?.label;
    }
    if (picked) await session.switchContext(picked);
  });

  ctx.registerCommand('containerLogs', async (t?: unknown, options?: unknown) => {
    const c = await pickContainer(session, t as Target, undefined, 'Show the logs of…');
    if (!c) return undefined;
    const o = (options && typeof options === 'object' ? options : { tail: 100 }) as Omit<LogsOptions, 'signal' | 'follow'>;
    return openLogsTerminal(session.client(), c.id, c.name, o).name;
  });

  ctx.registerCommand('containerLogsWithOptions', async (t?: unknown) => {
    const c = await pickContainer(session, t as Target, undefined, 'Show the logs of…');
    if (!c) return;
    const from = await vscode.window.showQuickPick(
      [
        { label: 'Last 100 lines', o: { tail: 100 } },
        { label: 'Last 1,000 lines', o: { tail: 1000 } },
        { label: 'Everything', o: { tail: 'all' as const } },
        { label: 'Since 10 minutes ago', o: { since: '10m' } },
        { label: 'Since 1 hour ago', o: { since: '1h' } },
        { label: 'Since…', o: undefined },
      ],
      { placeHolder: `Logs of ${c.name}: from where?` },
    );
    if (!from) return;
    let o: Omit<LogsOptions, 'signal' | 'follow'> | undefined = from.o;
    if (!o) {
      const since = await vscode.window.showInputBox({ prompt: 'Since: a duration back (90s, 2h30m), an RFC 3339 time or epoch seconds', validateInput: (v) => (v.trim() ? undefined : 'Required') });
      if (!since) return;
      o = { since: since.trim() };
    }
    const ts = await vscode.window.showQuickPick(['Without timestamps', 'With timestamps'], { placeHolder: 'Timestamps?' });
    if (!ts) return;
    openLogsTerminal(session.client(), c.id, c.name, { ...o, timestamps: ts === 'With timestamps' });
  });

  ctx.registerCommand('containerShell', async (t?: unknown, shell?: unknown) => {
    if (!(await ensureTrusted('open a shell in a container'))) return undefined;
    const c = await pickContainer(session, t as Target, ['running'], 'Open a shell in…');
    if (!c) return undefined;
    let cmd: string[] | undefined = Array.isArray(shell) ? shell.map(String) : undefined;
    if (!cmd) {
      const pick = await vscode.window.showQuickPick(
        [
          { label: 'bash if present, else sh', cmd: [...AUTO_SHELL] },
          { label: '/bin/bash', cmd: ['/bin/bash'] },
          { label: '/bin/sh', cmd: ['/bin/sh'] },
          { label: '/bin/ash', cmd: ['/bin/ash'] },
          { label: 'Other command…', cmd: undefined },
        ],
        { placeHolder: `Shell in ${c.name}` },
      );
      if (!pick) return undefined;
      cmd = pick.cmd;
      if (!cmd) {
        const typed = await vscode.window.showInputBox({ prompt: 'Command to run with a TTY (e.g. /usr/bin/zsh)' });
        if (!typed?.trim()) return undefined;
        cmd = typed.trim().split(/\s+/);
      }
    }
    return openShellTerminal(session.client(), c.id, c.name, cmd).name;
  });

  const lifecycle =
    (verb: 'start' | 'stop' | 'restart' | 'pause' | 'unpause', states: string[], fn: (c: DockerClient, id: string) => Promise<void>) =>
    async (t?: unknown): Promise<void> => {
      if (!(await ensureTrusted(`${verb} containers`))) return;
      const c = await pickContainer(session, t as Target, states, `${verb[0].toUpperCase()}${verb.slice(1)}…`);
      if (c) await change(session, `${verb} ${c.name}`, (client) => fn(client, c.id), { action: `container-${verb}`, object: c.name });
    };
  ctx.registerCommand('containerStart', lifecycle('start', ['created', 'exited', 'dead'], (c, id) => c.startContainer(id)));
  ctx.registerCommand('containerStop', lifecycle('stop', ['running', 'restarting', 'paused'], (c, id) => c.stopContainer(id)));
  ctx.registerCommand('containerRestart', lifecycle('restart', ['running', 'exited', 'created', 'paused'], (c, id) => c.restartContainer(id)));
  ctx.registerCommand('containerPause', lifecycle('pause', ['running'], (c, id) => c.pauseContainer(id)));
  ctx.registerCommand('containerUnpause', lifecycle('unpause', ['paused'], (c, id) => c.unpauseContainer(id)));

  ctx.registerCommand('containerRemove', async (t?: unknown) => {
    if (!(await ensureTrusted('remove containers'))) return;
    const c = await pickContainer(session, t as Target, undefined, 'Remove…');
    if (!c) return;
    const live = c.state === 'running' || c.state === 'paused' || c.state === 'restarting';
    if (!(await confirm(`Remove container ${c.name}?`, live ? `It is ${c.state}: it will be killed first. Its anonymous volumes stay.` : 'Its anonymous volumes stay.', 'Remove'))) return;
    await change(session, `remove ${c.name}`, (client) => client.removeContainer(c.id, { force: live }), { action: 'container-remove', object: c.name });
  });

  ctx.registerCommand('containerStats', async (t?: unknown) => {
    let targets: Array<{ id: string; name: string }>;
    if (t) {
      const c = await pickContainer(session, t as Target, ['running']);
      if (!c) return undefined;
      targets = [c];
    } else {
      targets = (await session.client().listContainers({ all: false })).map((c) => ({ id: c.Id, name: containerName(c) }));
      if (!targets.length) {
        void vscode.window.showInformationMessage('No running containers.');
        return undefined;
      }
    }
    return openStatsTerminal(session.client(), targets).name;
  });

  ctx.registerCommand('dockerInspect', async (t?: unknown) => {
    if (isNode(t as Target)) {
      const d = (t as ContainersNode).data;
      const map: Partial<Record<string, [InspectKind, string, string]>> = {
        container: d.kind === 'container' ? ['container', d.id, d.name] : undefined,
        image: d.kind === 'image' ? ['image', d.id, d.ref ?? d.id.slice(7, 19)] : undefined,
        volume: d.kind === 'volume' ? ['volume', d.name, d.name] : undefined,
        network: d.kind === 'network' ? ['network', d.id, d.name] : undefined,
      };
      const what = map[d.kind];
      if (what) return void (await inspect.open(...what));
    }
    const c = await pickContainer(session, t as Target, undefined, 'Inspect…');
    if (c) await inspect.open('container', c.id, c.name);
  });

  ctx.registerCommand('dockerCopyId', async (t?: unknown) => {
    let id: string | undefined;
    if (isNode(t as Target)) {
      const d = (t as ContainersNode).data;
      id = d.kind === 'container' || d.kind === 'image' || d.kind === 'network' ? d.id : d.kind === 'volume' ? d.name : undefined;
    } else id = (await pickContainer(session, t as Target, undefined, 'Copy the id of…'))?.id;
    if (!id) return;
    await vscode.env.clipboard.writeText(id);
    void vscode.window.setStatusBarMessage(`Copied ${id.replace(/^sha256:/, '').slice(0, 12)}`, 3000);
  });

  ctx.registerCommand('dockerPrune', async (t?: unknown) => {
    if (!(await ensureTrusted('prune Docker objects'))) return;
    let kind: PruneKind | undefined = isNode(t as Target) && (t as ContainersNode).data.kind === 'group' ? ((t as ContainersNode).data as { group: PruneKind }).group : PRUNE_KINDS.includes(t as PruneKind) ? (t as PruneKind) : undefined;
    kind ??= (await vscode.window.showQuickPick(PRUNE_KINDS.map((k) => ({ label: k })), { placeHolder: 'Prune what?' }))?.label as PruneKind | undefined;
    if (!kind) return;
    const client = session.client();
    const [containers, images, volumes, networks, df, version] = await Promise.all([
      client.listContainers(),
      client.listImages(),
      client.listVolumes(),
      client.listNetworks(),
      kind === 'containers' || kind === 'volumes' ? client.diskUsage().catch(() => undefined) : undefined,
      client.version(),
    ]);
    const plan = planPrune(
      kind,
      { containers, images, volumes, networks },
      {
        apiVersion: version.ApiVersion,
        containerSizes: new Map((df?.Containers ?? []).map((c) => [c.Id, c.SizeRw ?? 0])),
        volumeUsage: new Map((df?.Volumes ?? []).filter((v) => v.UsageData).map((v) => [v.Name, v.UsageData!])),
      },
    );
    const text = describePrunePlan(plan);
    if (!plan.items.length) return void vscode.window.showInformationMessage(text.message);
    if (!(await confirm(text.message, text.detail, 'Prune'))) return;
    let result: Parameters<typeof summarizePruneResult>[1] | undefined;
    await change(
      session,
      `prune ${kind}`,
      async (c) => {
        result = kind === 'containers' ? await c.pruneContainers() : kind === 'images' ? await c.pruneImages() : kind === 'volumes' ? await c.pruneVolumes() : await c.pruneNetworks();
      },
      { action: 'prune', object: `${kind} (${plan.items.length} planned)` },
    );
    if (result) void vscode.window.showInformationMessage(summarizePruneResult(kind, result));
  });

  ctx.registerCommand('imageRun', async (t?: unknown) => {
    if (!(await ensureTrusted('run containers'))) return undefined;
    const img = await pickImage(session, t as Target, 'Run which image?');
    if (!img) return undefined;
    const image = img.ref ?? img.id;
    const ask = (prompt: string, placeHolder: string): Thenable<string | undefined> => vscode.window.showInputBox({ title: `Run ${image}`, prompt, placeHolder, ignoreFocusOut: true });
    const name = await ask('Container name (empty: the engine picks one)', 'my-container');
    if (name === undefined) return undefined;
    const ports = await ask('Ports to publish, as docker run -p (127.0.0.1 unless you name an address)', '8080:80, 0.0.0.0:5432:5432');
    if (ports === undefined) return undefined;
    const env = await ask('Environment, KEY=value separated by ;', 'MODE=dev; GREETING=hello, world');
    if (env === undefined) return undefined;
    const volumes = await ask('Volumes, as docker run -v (named volume or absolute host path)', 'data:/var/lib/data, /srv/conf:/etc/app:ro');
    if (volumes === undefined) return undefined;
    const command = await ask('Command (empty: the image default)', 'sh -c "echo hello"');
    if (command === undefined) return undefined;
    const built = buildRunImageOptions({ image, name, ports, env, volumes, command });
    if ('error' in built) throw new ToolError('invalid-input', built.error);
    let id = '';
    await change(session, `run ${image}`, async (c) => {
      id = await c.createContainer(built.options);
      await c.startContainer(id);
    }, { action: 'container-run', object: `${name || '(unnamed)'} from ${image}` });
    const choice = await vscode.window.showInformationMessage(`Started ${name || id.slice(0, 12)} from ${image}.`, 'Show Logs');
    if (choice) await vscode.commands.executeCommand('ansflow.containerLogs', id);
    return id;
  });

  ctx.registerCommand('imageTag', async (t?: unknown, newRef?: unknown) => {
    if (!(await ensureTrusted('tag images'))) return;
    const img = await pickImage(session, t as Target, 'Tag which image?');
    if (!img) return;
    const typed =
      typeof newRef === 'string'
        ? newRef
        : await vscode.window.showInputBox({ prompt: `New tag for ${img.ref ?? img.id.slice(7, 19)}`, value: img.ref, validateInput: (v) => ('error' in parseTagInput(v) ? (parseTagInput(v) as { error: string }).error : undefined) });
    if (!typed) return;
    const parsed = parseTagInput(typed);
    if ('error' in parsed) throw new ToolError('invalid-input', parsed.error);
    await change(session, `tag ${parsed.repo}:${parsed.tag}`, (c) => c.tagImage(img.id, parsed.repo, parsed.tag), { action: 'image-tag', object: `${img.ref ?? img.id.slice(7, 19)} → ${parsed.repo}:${parsed.tag}` });
  });

  ctx.registerCommand('imagePush', async (t?: unknown) => {
    if (!(await ensureTrusted('push images'))) return undefined;
    const img = await pickImage(session, t as Target, 'Push which tag?');
    if (!img?.ref) return undefined;
    const ref = img.ref;
    let auth = await findCredentials(ref, secrets);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        let digest: string | undefined;
        const done = await transfer(`Pushing ${ref}`, async (o) => void (digest = (await session.client().push(ref, { ...o, auth })).digest));
        if (done) void vscode.window.showInformationMessage(`Pushed ${ref}${digest ? ` (${digest})` : ''}.`);
        return digest;
      } catch (e) {
        if (!(e instanceof ToolError && e.code === 'auth-failed') || attempt > 0) throw e;
        await forgetCredentials(ref, secrets);
        auth = await promptCredentials(ref, secrets);
        if (!auth) return undefined;
      }
    }
    return undefined;
  });

  ctx.registerCommand('imagePull', async (t?: unknown) => {
    if (!(await ensureTrusted('pull images'))) return;
    const ref = typeof t === 'string' ? t : isNode(t as Target) && (t as ContainersNode).data.kind === 'image' ? ((t as ContainersNode).data as { ref?: string }).ref : await vscode.window.showInputBox({ prompt: 'Image to pull (name[:tag] or name@sha256:…)' });
    if (!ref) return;
    const auth = await findCredentials(ref, secrets);
    const done = await transfer(`Pulling ${ref}`, (o) => session.client().pull(ref, { ...o, auth }));
    await session.model()?.refresh().catch(() => undefined);
    if (done) void vscode.window.showInformationMessage(`Pulled ${ref}.`);
  });

  ctx.registerCommand('imageRemove', async (t?: unknown) => {
    if (!(await ensureTrusted('remove images'))) return;
    const img = await pickImage(session, t as Target, 'Remove which image?');
    if (!img) return;
    const what = img.ref ?? img.id.slice(7, 19);
    if (!(await confirm(`Remove image ${what}?`, img.ref ? 'Removes this tag; the image goes when no tag or container uses it.' : 'Removes the image.', 'Remove'))) return;
    await change(session, `remove ${what}`, (c) => c.removeImage(img.ref ?? img.id), { action: 'image-remove', object: what });
  });

  ctx.registerCommand('volumeRemove', async (t?: unknown) => {
    if (!(await ensureTrusted('remove volumes'))) return;
    const name = isNode(t as Target) && (t as ContainersNode).data.kind === 'volume' ? ((t as ContainersNode).data as { name: string }).name : typeof t === 'string' ? t : undefined;
    if (!name) return;
    if (!(await confirm(`Remove volume ${name}?`, 'Its data is deleted. This cannot be undone.', 'Remove'))) return;
    await change(session, `remove volume ${name}`, (c) => c.removeVolume(name), { action: 'volume-remove', object: name });
  });

  ctx.registerCommand('networkRemove', async (t?: unknown) => {
    if (!(await ensureTrusted('remove networks'))) return;
    const d = isNode(t as Target) ? (t as ContainersNode).data : undefined;
    if (d?.kind !== 'network') return;
    if (!(await confirm(`Remove network ${d.name}?`, 'Containers attached to it must be disconnected first.', 'Remove'))) return;
    await change(session, `remove network ${d.name}`, (c) => c.removeNetwork(d.id), { action: 'network-remove', object: d.name });
  });

  ctx.registerCommand('getContainersView', () => {
    // For automation and tests: the rows as the view shows them (labels, descriptions, menus), no secrets involved.
    const strip = (n: ContainersNode): unknown => ({ id: n.id, label: n.label, description: n.description, contextValue: n.contextValue, children: n.children?.map(strip) });
    return { engine: session.label(), state: session.model()?.state, rows: session.tree().map(strip) };
  });
}
