// Container-level Kubernetes rules, over containers, initContainers and ephemeralContainers of every
// pod-bearing kind. A pod-level securityContext counts where Kubernetes applies it (runAsUser, runAsNonRoot).
import { isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import { child, mapItems, pairOf, path, podSpecOf, scalarValue, type ManifestObject } from './manifestObjects.js';
import { replaceScalar, type ManifestRuleContext } from './manifestContext.js';
import type { ScanRule } from './types.js';

export const CONTAINER_RULES = {
  privileged: { id: 'privileged', severity: 'critical', message: 'The container runs privileged: it has every capability of the node.', fix: 'Set securityContext.privileged: false and add only the capabilities it needs.' },
  escalation: { id: 'allow-privilege-escalation', severity: 'medium', message: 'The container may gain more privileges than its parent (allowPrivilegeEscalation is not false).', fix: 'Set securityContext.allowPrivilegeEscalation: false.' },
  root: { id: 'run-as-root', severity: 'high', message: 'The container may run as root (no runAsNonRoot: true and no non-zero runAsUser).', fix: 'Set securityContext.runAsNonRoot: true and a runAsUser above 0 (pod or container).' },
  limits: { id: 'no-resource-limits', severity: 'medium', message: 'The container has no memory limit.', fix: 'Set resources.limits.memory.' },
  requests: { id: 'no-resource-requests', severity: 'low', message: 'The container has no resource requests.', fix: 'Set resources.requests.cpu and resources.requests.memory.' },
  latest: { id: 'latest-tag', severity: 'medium', message: 'The image uses the `latest` tag, so what runs changes without a change here.', fix: 'Pin a version tag or a digest.' },
  noTag: { id: 'no-image-tag', severity: 'medium', message: 'The image has no tag (it means `latest`).', fix: 'Pin a version tag or a digest.' },
  liveness: { id: 'no-liveness-probe', severity: 'low', message: 'The container has no liveness probe.', fix: 'Add a livenessProbe so a hung container is restarted.' },
  readiness: { id: 'no-readiness-probe', severity: 'low', message: 'The container has no readiness probe.', fix: 'Add a readinessProbe so traffic waits until it is ready.' },
  secretEnv: { id: 'secret-in-env-literal', severity: 'high', message: 'A secret-looking environment variable holds a literal value in the manifest.', fix: 'Use valueFrom.secretKeyRef (or envFrom a Secret).' },
  writableRoot: { id: 'writable-root-fs', severity: 'medium', message: 'The container\'s root filesystem is writable (readOnlyRootFilesystem is not true).', fix: 'Set securityContext.readOnlyRootFilesystem: true and mount emptyDir where it writes.' },
  capabilities: { id: 'dangerous-capabilities', severity: 'high', message: 'The container adds a dangerous Linux capability.', fix: 'Remove it from securityContext.capabilities.add (and drop ALL).' },
} as const satisfies Record<string, ScanRule>;

const DANGEROUS_CAPS = new Set(['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'SYS_RAWIO', 'DAC_READ_SEARCH', 'NET_RAW', 'BPF', 'SYS_BOOT', 'MAC_ADMIN']);
const SECRET_NAME = /pass(word|wd)?\b|passwd|secret|token|api[_-]?key|private[_-]?key|credential|access[_-]?key/i;
// Long-running kinds: a Job's container finishes, so probes mean little there.
const RUN_TO_COMPLETION = new Set(['Job', 'CronJob']);

/** The tag of an image reference: `latest`, another tag, `digest`, or undefined when there is none. */
export function imageTag(ref: string): string | undefined {
  if (ref.includes('@')) return 'digest';
  const last = ref.slice(ref.lastIndexOf('/') + 1);
  const i = last.indexOf(':');
  return i < 0 ? undefined : last.slice(i + 1);
}

function isExpression(v: string): boolean {
  return v.includes('${{') || v.includes('{{');
}

function nameOrStart(c: YAMLMap): Node | readonly [number, number] {
  const p = pairOf(c, 'name');
  return (p?.value as Node | undefined) ?? [c.range?.[0] ?? 0, c.range?.[0] ?? 0];
}

function checkContainer(ctx: ManifestRuleContext, object: ManifestObject, podSc: Node | undefined, c: YAMLMap, group: string): void {
  const sc = child(c, 'securityContext');
  const at = nameOrStart(c);
  const R = CONTAINER_RULES;

  const priv = child(sc, 'privileged');
  if (scalarValue(priv) === true) ctx.report(R.privileged, object, pairOf(sc as YAMLMap, 'privileged')!, replaceScalar(priv, 'false', 'Set privileged: false'));

  const esc = child(sc, 'allowPrivilegeEscalation');
  if (scalarValue(esc) !== false) {
    // Privileged implies escalation; one finding is enough there.
    if (scalarValue(priv) !== true) ctx.report(R.escalation, object, esc ? pairOf(sc as YAMLMap, 'allowPrivilegeEscalation')! : at, replaceScalar(esc, 'false', 'Set allowPrivilegeEscalation: false'));
  }

  const user = child(sc, 'runAsUser') ?? child(podSc, 'runAsUser');
  const nonRoot = child(sc, 'runAsNonRoot') ?? child(podSc, 'runAsNonRoot');
  const uid = scalarValue(user);
  if (uid === 0) ctx.report(R.root, object, user!);
  else if (scalarValue(nonRoot) !== true && !(typeof uid === 'number' && uid > 0)) {
    ctx.report(R.root, object, scalarValue(nonRoot) === false ? nonRoot! : at, replaceScalar(nonRoot, 'true', 'Set runAsNonRoot: true'));
  }

  const ro = child(sc, 'readOnlyRootFilesystem');
  if (scalarValue(ro) !== true) ctx.report(R.writableRoot, object, ro ?? at, replaceScalar(ro, 'true', 'Set readOnlyRootFilesystem: true'));

  const add = path(sc, ['capabilities', 'add']);
  if (isSeq(add)) for (const cap of add.items) {
    const v = scalarValue(cap);
    if (typeof v === 'string' && DANGEROUS_CAPS.has(v.toUpperCase().replace(/^CAP_/, ''))) ctx.report(R.capabilities, object, cap as Node);
  }

  const image = child(c, 'image');
  const ref = scalarValue(image);
  if (typeof ref === 'string' && !isExpression(ref)) {
    const tag = imageTag(ref);
    if (tag === 'latest') ctx.report(R.latest, object, image!);
    else if (tag === undefined) ctx.report(R.noTag, object, image!);
  }

  for (const env of mapItems(child(c, 'env'))) {
    const name = scalarValue(child(env, 'name'));
    const value = child(env, 'value');
    const v = scalarValue(value);
    if (typeof name === 'string' && SECRET_NAME.test(name) && typeof v === 'string' && v !== '' && !isExpression(v)) ctx.report(R.secretEnv, object, value!);
  }

  // Ephemeral containers take no resources or probes.
  if (group === 'ephemeralContainers') return;
  const res = child(c, 'resources');
  if (child(child(res, 'limits'), 'memory') === undefined) ctx.report(R.limits, object, pairOf(c, 'resources') ?? at);
  const req = child(res, 'requests');
  if (!isMap(req) || req.items.length === 0) ctx.report(R.requests, object, pairOf(c, 'resources') ?? at);
  if (group === 'containers' && !RUN_TO_COMPLETION.has(object.kind)) {
    if (!child(c, 'livenessProbe')) ctx.report(R.liveness, object, at);
    if (!child(c, 'readinessProbe')) ctx.report(R.readiness, object, at);
  }
}

export function checkContainerRules(ctx: ManifestRuleContext): void {
  for (const object of ctx.parsed.objects) {
    const spec = podSpecOf(object);
    if (!spec) continue;
    const podSc = child(spec, 'securityContext');
    for (const group of ['initContainers', 'containers', 'ephemeralContainers']) {
      for (const c of mapItems(child(spec, group))) checkContainer(ctx, object, podSc, c, group);
    }
  }
}
