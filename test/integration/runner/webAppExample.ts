// What the examples test needs around examples/web-app.ansflow.yaml: the run's registry as its `registry` param,
// and proof that the image it pushed can be pulled back by the kubelet. The deployment's pullPolicy is
// IfNotPresent and the kubelet shares the dockerd that built the image, so the rollout itself never pulls: the
// check drops the local tag, replaces the pod and waits for the kubelet to pull the tag from the registry.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { kubectlPath, registryAddress } from '../engines.js';

/** The example deploys to web-<environment>; the test keeps the default environment, staging. */
const NAMESPACE = 'web-staging';
const SELECTOR = 'app.kubernetes.io/instance=web';

export function webAppRegistryArgs(): string[] {
  return ['--param', `registry=${registryAddress()}`];
}

function kubectl(...args: string[]): string {
  return execFileSync(kubectlPath(), ['-n', NAMESPACE, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

interface PodList {
  items: { metadata: { name: string; deletionTimestamp?: string }; status?: { conditions?: { type: string; status: string }[] } }[];
}

function pods(): PodList['items'] {
  return (JSON.parse(kubectl('get', 'pods', '-l', SELECTOR, '-o', 'json')) as PodList).items;
}

const ready = (p: PodList['items'][number]) => !p.metadata.deletionTimestamp && !!p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

async function until<T>(what: string, probe: () => T | undefined, limitMs: number, detail: () => string): Promise<T> {
  const end = Date.now() + limitMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${detail()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function webAppPulledByKubelet(): Promise<void> {
  const image = kubectl('get', 'deployment', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}');
  assert.ok(image.startsWith(`${registryAddress()}/web:`), `the deployment runs the image pushed to the test registry: ${image}`);
  const before = pods().map((p) => p.metadata.name);
  // Other tags (latest) keep the image's layers, so the pull fetches the manifest and finds the layers present.
  execFileSync('docker', ['rmi', image], { stdio: 'ignore' });
  kubectl('delete', 'pod', '--wait=false', ...before);
  const fresh = await until(
    'a replacement web pod to be Ready',
    () => pods().find((p) => !before.includes(p.metadata.name) && ready(p))?.metadata.name,
    120_000,
    () => kubectl('get', 'events', '--sort-by=.lastTimestamp'),
  );
  const events = kubectl('get', 'events', '--field-selector', `involvedObject.name=${fresh}`, '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}');
  assert.match(events, new RegExp(`Successfully pulled image "${image.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`), events);
  execFileSync('docker', ['image', 'inspect', image], { stdio: 'ignore' });
}

/** Removes the release's namespace (without waiting) so the pod stops using the shared kubelet. */
export function webAppCleanup(): void {
  try {
    execFileSync(kubectlPath(), ['delete', 'namespace', NAMESPACE, '--wait=false', '--ignore-not-found'], { stdio: 'ignore' });
  } catch {
    // best effort: the engines stop at the end of the session anyway
  }
}
