// Pod and Deployment manifests for the tests, benches and e2e checks that start pods on the test
// kubelet, so each one states only what its pods run. Builders return plain objects (request bodies
// as they are); `manifestText` turns them into a multi-document text for parseManifests, a file or
// `kubectl apply -f -`. Fields are written only when given: a test that never set a grace period
// still does not. Plain JavaScript (types in kubePods.d.mts) so the .mjs UI checks can use it too.

/** The busybox image the engine scripts load into the test kubelet's container runtime. */
export const TEST_BUSYBOX_IMAGE = process.env.ANSFLOW_TEST_BUSYBOX_IMAGE ?? 'ansflow-test/busybox:1';

/** Pods that call no API and may die at once: the usual choice for a pod a test throws away. */
export const DISPOSABLE = Object.freeze({ automountServiceAccountToken: false, terminationGracePeriodSeconds: 0 });

function containerOf(c) {
  return {
    name: c.name,
    image: c.image ?? TEST_BUSYBOX_IMAGE,
    ...(c.imagePullPolicy ? { imagePullPolicy: c.imagePullPolicy } : {}),
    ...(c.command ? { command: c.command } : {}),
    ...(c.ports ? { ports: c.ports.map((containerPort) => ({ containerPort, protocol: 'TCP' })) } : {}),
    ...(c.env ? { env: Object.entries(c.env).map(([name, value]) => ({ name, value })) } : {}),
  };
}

function metadataOf(m) {
  return { name: m.name, ...(m.namespace ? { namespace: m.namespace } : {}), ...(m.labels ? { labels: m.labels } : {}) };
}

export function podSpec(s) {
  const { containers, ...rest } = s;
  return { ...rest, containers: containers.map(containerOf) };
}

export function pod(meta, spec) {
  return { apiVersion: 'v1', kind: 'Pod', metadata: metadataOf(meta), spec: podSpec(spec) };
}

export function deployment(meta, d) {
  const { replicas, app = meta.name, annotations, ...spec } = d;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadataOf(meta),
    spec: {
      replicas,
      selector: { matchLabels: { app } },
      template: { metadata: { labels: { app }, ...(annotations ? { annotations } : {}) }, spec: podSpec(spec) },
    },
  };
}

export function manifestText(...docs) {
  // JSON is YAML: one document each.
  return docs.map((d) => JSON.stringify(d, null, 2)).join('\n---\n') + '\n';
}
