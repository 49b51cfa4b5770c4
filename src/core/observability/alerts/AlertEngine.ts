// Runs the enabled alert rules. Each rule owns its subscription and starts only when the rule is
// enabled, whatever views are open: a pod or node informer (one per rule), the Docker event stream
// plus a stats stream only for running containers that have a memory limit, finished runs, and the
// Helm release Secrets watch (an informer too, so no rule polls). Every firing passes the gate.
import { ResourceCache } from '../../clients/kubernetes/ResourceCache.js';
import type { KubeClient } from '../../clients/kubernetes/KubeClient.js';
import type { Disposable, KubeObject } from '../../clients/kubernetes/types.js';
import type { DockerClient } from '../../clients/docker/DockerClient.js';
import { watchHelmReleases } from '../../clients/helm/HelmReleaseReader.js';
import { AlertGate } from './AlertGate.js';
import type { AlertKind, AlertRule } from './alertRules.js';
import { helmReleaseFailed, memoryOverLimit, nodeNotReady, RestartCounter, runFailed, slowerThanP95 } from './evaluate.js';
import { postAlertWebhook } from './alertWebhook.js';

/** What an alert points at, for its "Show" action. */
export type AlertTarget =
  | { type: 'pod'; context: string; namespace: string; name: string }
  | { type: 'node'; context: string; name: string }
  | { type: 'container'; id: string; name: string }
  | { type: 'run'; runId: string; pipeline: string }
  | { type: 'helm'; context: string; namespace: string; name: string; revision: number };

/** One firing. */
export interface Alert {
  ruleId: string;
  kind: AlertKind;
  /** The object's identity within its rule (one alert per window). */
  key: string;
  /**
   * What "Mute" silences: the key, except for run alerts, where it is the pipeline (each run has its own
   * key, so muting one run would silence nothing to come).
   */
  muteKey: string;
  message: string;
  target: AlertTarget;
  time: number;
}

/** A finished run, with the durations of the pipeline's earlier successful runs (for p95). */
export interface EndedRun {
  runId: string;
  pipeline: string;
  status: string;
  durationMs: number;
  earlierDurationsMs: () => number[];
}

/** Where the rules get their events; a rule whose source is absent stays idle. */
export interface AlertSources {
  kube?: KubeClient;
  docker?: DockerClient;
  onRunEnded?: (listener: (run: EndedRun) => void) => Disposable;
}

export interface AlertEngineOptions {
  now?: () => number;
  /** Errors of a subscription (unreachable engine, webhook refused): reported, never thrown. */
  onError?: (message: string) => void;
}

/** See the file comment. */
export class AlertEngine implements Disposable {
  readonly gate: AlertGate;
  private readonly subs: Disposable[] = [];
  private readonly now: () => number;
  private readonly containerStreams: Map<string, AbortController>[] = [];

  constructor(
    private readonly rules: readonly AlertRule[],
    private readonly sources: AlertSources,
    private readonly onAlert: (alert: Alert) => void,
    private readonly options: AlertEngineOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.gate = new AlertGate(this.now);
  }

  /** Starts the subscription of every enabled rule. */
  start(): void {
    for (const rule of this.rules) {
      if (!rule.enabled) continue;
      const sub = this.subscribe(rule);
      if (sub) this.subs.push(sub);
    }
  }

  /** Mutes the object of `alert` (or its whole rule) for `forMs`. */
  mute(alert: Pick<Alert, 'ruleId' | 'key'> & { muteKey?: string }, forMs: number, wholeRule = false): void {
    this.gate.mute(alert.ruleId, wholeRule ? undefined : (alert.muteKey ?? alert.key), forMs);
  }

  private fire(rule: AlertRule, key: string, message: string, target: AlertTarget): void {
    const muteKey = target.type === 'run' ? `pipeline:${target.pipeline}` : key;
    if (!this.gate.admit(rule.id, key, rule.windowMs, muteKey)) return;
    const alert: Alert = { ruleId: rule.id, kind: rule.kind, key, muteKey, message, target, time: this.now() };
    this.onAlert(alert);
    if (rule.webhook) void postAlertWebhook(rule.webhook, alert).catch((e: Error) => this.options.onError?.(`alert webhook: ${e.message}`));
  }

  private subscribe(rule: AlertRule): Disposable | undefined {
    const { kube, docker, onRunEnded } = this.sources;
    switch (rule.kind) {
      case 'podRestarts':
        return kube && this.watchPods(rule, kube);
      case 'nodeNotReady':
        return kube && this.watchNodes(rule, kube);
      case 'helmFailed':
        return (
          kube &&
          watchHelmReleases(
            kube,
            (e) => {
              if (!e.deleted && helmReleaseFailed(e.status))
                this.fire(rule, `${e.namespace}/${e.name}#${e.revision}`, `Helm release ${e.namespace}/${e.name} revision ${e.revision} failed`, { type: 'helm', context: kube.context, namespace: e.namespace, name: e.name, revision: e.revision });
            },
            rule.namespace,
          )
        );
      case 'runFailed':
      case 'runSlow':
        return onRunEnded?.((run) => this.onRun(rule, run));
      case 'containerMemory':
        return docker && this.watchContainers(rule, docker);
    }
  }

  private onRun(rule: AlertRule, run: EndedRun): void {
    const target: AlertTarget = { type: 'run', runId: run.runId, pipeline: run.pipeline };
    if (rule.kind === 'runFailed') {
      if (runFailed(run.status)) this.fire(rule, run.runId, `Run of ${run.pipeline} ${run.status}`, target);
      return;
    }
    const p95 = slowerThanP95(run.durationMs, run.earlierDurationsMs(), rule.minRuns);
    if (p95 !== undefined) this.fire(rule, run.runId, `Run of ${run.pipeline} took ${seconds(run.durationMs)}, slower than its p95 ${seconds(p95)}`, target);
  }

  private informer(kube: KubeClient, kind: 'pods' | 'nodes', rule: AlertRule, each: (e: { type: string; object: KubeObject }) => void): Disposable {
    const cache = new ResourceCache(kube, kind, { namespace: kind === 'pods' ? rule.namespace : undefined });
    const sub = cache.onDidChange((e) => {
      if (e.type === 'sync' || e.type === 'page') for (const o of e.objects) each({ type: 'added', object: o });
      else each(e);
    });
    const errs = cache.onDidError((e) => this.options.onError?.(`alert rule ${rule.id}: ${e.message}`));
    return { dispose: () => [sub, errs, cache].forEach((d) => d.dispose()) };
  }

  private watchPods(rule: AlertRule, kube: KubeClient): Disposable {
    const counter = new RestartCounter(rule.windowMs);
    return this.informer(kube, 'pods', rule, ({ type, object: pod }) => {
      if (type === 'deleted') return counter.forget(pod);
      const n = counter.observe(pod, this.now());
      if (n > rule.threshold) {
        const ns = pod.metadata.namespace ?? '';
        this.fire(rule, `${ns}/${pod.metadata.name}`, `Pod ${ns}/${pod.metadata.name} restarted ${n} times in ${seconds(rule.windowMs)}`, { type: 'pod', context: kube.context, namespace: ns, name: pod.metadata.name });
      }
    });
  }

  private watchNodes(rule: AlertRule, kube: KubeClient): Disposable {
    return this.informer(kube, 'nodes', rule, ({ type, object: node }) => {
      if (type === 'deleted') return;
      const why = nodeNotReady(node);
      if (why) this.fire(rule, node.metadata.name, `Node ${node.metadata.name} is not ready: ${why}`, { type: 'node', context: kube.context, name: node.metadata.name });
    });
  }

  private watchContainers(rule: AlertRule, docker: DockerClient): Disposable {
    const abort = new AbortController();
    const claimed = new Set<string>();
    const streams = new Map<string, AbortController>();
    this.containerStreams.push(streams);
    const follow = async (id: string) => {
      if (claimed.has(id) || abort.signal.aborted) return;
      // Claimed before the inspect, so the first listing and a start event never open two streams.
      claimed.add(id);
      try {
        const info = await docker.inspectContainer(id);
        // Only containers with a memory limit have a share to exceed; the others cost no stream.
        if (!(info.HostConfig?.Memory && info.HostConfig.Memory > 0) || !info.State?.Running) return;
        const name = info.Name.replace(/^\//, '');
        const own = new AbortController();
        streams.set(id, own);
        for await (const s of docker.stats(id, AbortSignal.any([abort.signal, own.signal]))) {
          const used = memoryOverLimit(s, rule.percent);
          if (used !== undefined) this.fire(rule, id, `Container ${name} uses ${used.toFixed(0)}% of its memory limit`, { type: 'container', id, name });
        }
      } finally {
        claimed.delete(id);
        streams.delete(id);
      }
    };
    const report = (e: Error) => {
      if (!abort.signal.aborted) this.options.onError?.(`alert rule ${rule.id}: ${e.message}`);
    };
    void (async () => {
      const since = Math.floor(this.now() / 1000);
      for (const c of await docker.listContainers({ all: false })) void follow(c.Id).catch(report);
      for await (const e of docker.events({ since, filters: { type: ['container'], event: ['start', 'die', 'update'] }, signal: abort.signal })) {
        if (e.Action === 'die') streams.get(e.Actor.ID)?.abort();
        else void follow(e.Actor.ID).catch(report);
      }
    })().catch(report);
    return { dispose: () => abort.abort() };
  }

  /** Ids of the containers whose stats stream is open (only those with a memory limit, once inspected). */
  followedContainers(): string[] {
    return [...new Set(this.containerStreams.flatMap((m) => [...m.keys()]))];
  }

  dispose(): void {
    for (const s of this.subs.splice(0)) s.dispose();
  }
}

function seconds(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)}m` : `${(ms / 1000).toFixed(1)}s`;
}
