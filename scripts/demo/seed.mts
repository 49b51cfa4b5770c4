// Seeds the demo's sample into the local engines (test/infra/with-engines.sh): namespaces, a Deployment with a
// Service and its ConfigMap, a Job, a Helm release with two revisions, and containers on dockerd (a compose-
// labelled pair plus a standalone one). Everything goes through the real CLIs (kubectl apply, helm upgrade
// --install, docker run), so running it again changes nothing: applied objects are unchanged, the release
// keeps its two revisions, running containers are left alone and stopped ones are started.
// CLI: `node --import tsx scripts/demo/seed.mts` under with-engines (reads the engines' exported environment).
import { execFile } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Programs and the pod image the seed uses; every path comes from the engines' environment. */
export interface SeedTools {
  kubectl: string;
  helm: string;
  docker: string;
  /** An image present on the dockerd the kubelet uses (no registry is reachable). */
  image: string;
}

/** What the seed made sure exists. */
export interface SeedResult {
  namespaces: string[];
  kubeObjects: string[];
  helmRelease: { namespace: string; name: string; revisions: number };
  containers: string[];
}

/** The chart the demo installs (two revisions of it). */
export const DEMO_CHART_DIR = fileURLToPath(new URL('./chart', import.meta.url));

const DEMO_LABEL = 'ansflow.dev/demo';

/** Names of everything the seed creates, from one prefix (the demo uses "demo"; a test may use its own). */
export function demoNames(prefix = 'demo') {
  return {
    shop: `${prefix}-shop`,
    batch: `${prefix}-batch`,
    tools: `${prefix}-tools`,
    release: 'catalog',
    composeProject: `${prefix}-store`,
    composeWeb: `${prefix}-store-web-1`,
    composeCache: `${prefix}-store-cache-1`,
    standalone: `${prefix}-toolbox`,
  };
}

type Names = ReturnType<typeof demoNames>;

function run(file: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const why = (stderr || err.message).trim().split('\n').slice(-3).join(' | ');
        reject(new Error(`${file.split('/').pop()} ${args.slice(0, 3).join(' ')} failed: ${why}`));
      } else resolve(stdout);
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** The Kubernetes objects of the sample, as one List for `kubectl apply`. */
export function kubeManifest(n: Names, image: string): object {
  const labels = { [DEMO_LABEL]: 'true' };
  const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
  const web = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/part-of': 'shop' };
  return {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      ns(n.shop),
      ns(n.batch),
      ns(n.tools),
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'web-config', namespace: n.shop, labels: web },
        data: { 'index.html': '<h1>AnsFlow demo shop</h1>\n', LOG_LEVEL: 'info' },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: n.shop, labels: web },
        spec: {
          replicas: 2,
          selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
          template: {
            metadata: { labels: web },
            spec: {
              containers: [
                {
                  name: 'httpd',
                  image,
                  imagePullPolicy: 'IfNotPresent',
                  command: ['httpd', '-f', '-v', '-p', '8080', '-h', '/site'],
                  ports: [{ name: 'http', containerPort: 8080 }],
                  envFrom: [{ configMapRef: { name: 'web-config' } }],
                  volumeMounts: [{ name: 'site', mountPath: '/site' }],
                },
              ],
              volumes: [{ name: 'site', configMap: { name: 'web-config' } }],
            },
          },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', namespace: n.shop, labels: web },
        spec: { selector: { 'app.kubernetes.io/name': 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
      },
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'nightly-report', namespace: n.batch, labels },
        spec: {
          backoffLimit: 1,
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [
                {
                  name: 'report',
                  image,
                  imagePullPolicy: 'IfNotPresent',
                  command: ['sh', '-c', 'echo "orders: 42"; echo "refunds: 3"; echo "report done"'],
                },
              ],
            },
          },
        },
      },
    ],
  };
}

async function seedKube(tools: SeedTools, n: Names): Promise<string[]> {
  const out = await run(tools.kubectl, ['apply', '-o', 'name', '-f', '-'], JSON.stringify(kubeManifest(n, tools.image)));
  return out.split('\n').map((l) => l.trim()).filter(Boolean);
}

async function helmRevisions(tools: SeedTools, n: Names): Promise<number> {
  try {
    const out = await run(tools.helm, ['history', n.release, '-n', n.tools, '-o', 'json']);
    return (JSON.parse(out) as unknown[]).length;
  } catch (e) {
    if (/not found/i.test((e as Error).message)) return 0;
    throw e;
  }
}

/** Two revisions that differ in values (a greeting and the replica count), so the revision diff shows something. */
const REVISION_VALUES = [
  ['greeting=hello', 'replicas=1'],
  ['greeting=hello again', 'replicas=2'],
];

async function seedHelm(tools: SeedTools, n: Names): Promise<number> {
  let revisions = await helmRevisions(tools, n);
  for (let i = revisions; i < REVISION_VALUES.length; i++) {
    const set = [`image=${tools.image}`, ...REVISION_VALUES[i]].flatMap((kv) => ['--set', kv]);
    await run(tools.helm, ['upgrade', '--install', n.release, DEMO_CHART_DIR, '-n', n.tools, ...set]);
    revisions = i + 1;
  }
  return revisions;
}

interface ContainerSpec {
  name: string;
  labels: Record<string, string>;
  publish?: string;
  command: string[];
}

function composeLabels(project: string, service: string): Record<string, string> {
  return {
    'com.docker.compose.project': project,
    'com.docker.compose.service': service,
    'com.docker.compose.container-number': '1',
    'com.docker.compose.oneoff': 'False',
  };
}

export function containerSpecs(n: Names): ContainerSpec[] {
  return [
    { name: n.composeWeb, labels: composeLabels(n.composeProject, 'web'), publish: '127.0.0.1::8080', command: ['sh', '-c', 'mkdir -p /www && echo store > /www/index.html && exec httpd -f -p 8080 -h /www'] },
    { name: n.composeCache, labels: composeLabels(n.composeProject, 'cache'), command: ['sh', '-c', 'while true; do echo "cache: 0 keys evicted"; sleep 10; done'] },
    { name: n.standalone, labels: { [DEMO_LABEL]: 'true' }, command: ['sleep', '86400'] },
  ];
}

async function seedContainer(tools: SeedTools, spec: ContainerSpec): Promise<void> {
  let state = '';
  try {
    state = (await run(tools.docker, ['inspect', '-f', '{{.State.Status}}', spec.name])).trim();
  } catch {
    state = '';
  }
  if (state === 'running') return;
  if (state) {
    await run(tools.docker, ['start', spec.name]);
    return;
  }
  const labels = Object.entries(spec.labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
  const publish = spec.publish ? ['-p', spec.publish] : [];
  await run(tools.docker, ['run', '-d', '--name', spec.name, ...labels, ...publish, tools.image, ...spec.command]);
}

/** Seeds the sample. Without a kubelet the objects still exist and their pods stay Pending. */
export async function seedDemo(tools: SeedTools, opts: { prefix?: string; log?: (m: string) => void } = {}): Promise<SeedResult> {
  const n = demoNames(opts.prefix);
  const log = opts.log ?? (() => {});
  const kubeObjects = await seedKube(tools, n);
  log(`kubernetes: ${kubeObjects.join(', ')}`);
  const revisions = await seedHelm(tools, n);
  log(`helm: release ${n.release} in ${n.tools} has ${revisions} revisions`);
  const specs = containerSpecs(n);
  for (const spec of specs) await seedContainer(tools, spec);
  log(`docker: ${specs.map((s) => s.name).join(', ')} running`);
  return {
    namespaces: [n.shop, n.batch, n.tools],
    kubeObjects,
    helmRelease: { namespace: n.tools, name: n.release, revisions },
    containers: specs.map((s) => s.name),
  };
}

/** The tools as the engines export them, or a message naming what is missing. */
export function toolsFromEnv(env: NodeJS.ProcessEnv = process.env): SeedTools | string {
  const missing: string[] = [];
  const need = (key: string) => env[key] || (missing.push(key), '');
  const tools = {
    kubectl: need('ANSFLOW_TEST_KUBECTL'),
    helm: need('ANSFLOW_TEST_HELM'),
    docker: need('ANSFLOW_TEST_DOCKER'),
    image: env.ANSFLOW_TEST_BUSYBOX_IMAGE || 'ansflow-test/busybox:1',
  };
  if (!env.KUBECONFIG) missing.push('KUBECONFIG');
  if (!env.DOCKER_HOST) missing.push('DOCKER_HOST');
  return missing.length ? `not set: ${missing.join(', ')} (run under test/infra/with-engines.sh)` : tools;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const tools = toolsFromEnv();
  if (typeof tools === 'string') {
    console.error(`[seed] ${tools}`);
    process.exit(2);
  }
  seedDemo(tools, { log: (m) => console.log(`[seed] ${m}`) }).then(
    () => process.exit(0),
    (e: Error) => {
      console.error(`[seed] ${e.message}`);
      process.exit(1);
    },
  );
}
