// (integration) Every bundled example runs green with `ansflow run` where its engines are present.
// Each run works on a fresh copy of examples/ (runs write out/ and .ansflow/runs next to the pipeline),
// approves its approval gates (`--approve-all`) and must exit 0 with the run reported as a success.
// A new example must be added to EXAMPLES below (a test checks the table covers examples/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { busyboxImage, engineUp, requireEngine, testKubeconfigPath, type EngineName } from '../engines.js';

const ROOT = resolve(__dirname, '../../..');
const EXAMPLES_DIR = join(ROOT, 'examples');

interface Example {
  /** Engines the example's steps talk to; the test skips (fails under CI) without them. */
  engines: EngineName[];
  /** Extra `ansflow run` arguments. */
  args?: string[];
  /**
   * Why the example cannot run green yet. The test still runs and reports, as a TODO (node:test does not
   * count it as a failure): remove the reason when the example passes.
   */
  todo?: string;
  /** Base images the example's Dockerfiles name, made locally from the test busybox (no registry is reachable). */
  baseImages?: string[];
  /** Images built on the test dockerd before the run (tag → Dockerfile text), e.g. a stand-in for a registry image. */
  buildImages?: Record<string, string>;
}

// Stands in for the web app the k8s-deploy example deploys: answers /healthz on 8080 as uid 1000 with a
// read-only root filesystem, as examples/k8s/deployment.yaml asks.
const WEB_STAND_IN = `FROM ${busyboxImage()}
RUN mkdir -p /www && echo ok > /www/healthz
USER 1000
EXPOSE 8080
CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]
`;

const EXAMPLES: Record<string, Example> = {
  'data-pipeline': { engines: [] },
  'nightly-backup': { engines: [] },
  // Issue 17's shapes: a matrix CI workflow, a staged GitLab-like pipeline, a task runner (one target), a release.
  'matrix-ci': { engines: [] },
  'staged-gitlab': { engines: [] },
  tasks: { engines: [], args: ['--target', 'test'] },
  release: { engines: [] },
  'ansible-rollout': { engines: ['ansible'] },
  'security-gate': { engines: ['docker'], baseImages: ['node:20-alpine'] },
  'k8s-deploy': {
    engines: ['kube', 'kube-node'],
    // Its default image lives in a registry on 127.0.0.1:5000; a local stand-in (not `latest`, so never pulled) runs instead.
    args: ['--param', 'image=ansflow-example/web:k8s-deploy'],
    baseImages: ['busybox:1.36'],
    buildImages: { 'ansflow-example/web:k8s-deploy': WEB_STAND_IN },
  },
  'web-app': {
    engines: ['docker', 'kube', 'kube-node', 'helm'],
    // The build now runs (the pipeline env's expressions are evaluated); its unit-tests step then needs the real
    // node:20-alpine (its `node` user and binary), and push/deploy a registry on 127.0.0.1:5000.
    todo: 'its Dockerfile needs node:20-alpine and a registry on 127.0.0.1:5000, which the offline engines lack',
  },
};

/** The environment an example sees: ours, minus anything that would fill its optional secrets. */
function exampleEnv(engines: EngineName[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const k of ['ANSFLOW_SLACK_WEBHOOK', 'ANSFLOW_ROLLOUT_WEBHOOK', 'REGISTRY_PASSWORD']) delete env[k];
  if (engines.includes('kube')) env.KUBECONFIG = testKubeconfigPath();
  return env;
}

function runExample(dir: string, name: string, ex: Example): Promise<{ code: number | null; output: string }> {
  // tsx by absolute URL: the run's working directory is the example copy, where a bare `tsx` does not resolve.
  const tsx = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const args = ['--import', tsx, join(ROOT, 'src/cli/main.ts'), 'run', `${name}.ansflow.yaml`, '--approve-all', '--no-color', ...(ex.args ?? [])];
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: dir, env: exampleEnv(ex.engines), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

test('(integration) examples: the table names every bundled example', () => {
  const bundled = readdirSync(EXAMPLES_DIR).filter((n) => n.endsWith('.ansflow.yaml')).map((n) => n.replace(/\.ansflow\.yaml$/, '')).sort();
  assert.deepEqual(Object.keys(EXAMPLES).sort(), bundled);
});

for (const [name, ex] of Object.entries(EXAMPLES)) {
  const needs = ex.engines.length ? ` (${ex.engines.join(', ')})` : '';
  test(`(integration) examples: ${name} runs green with ansflow run${needs}`, { timeout: 600_000, ...(ex.todo ? { todo: ex.todo } : {}) }, async (t) => {
    for (const engine of ex.engines) if (!engineUp(engine) && !requireEngine(t, engine)) return;
    const dir = mkdtempSync(join(tmpdir(), `ansflow-example-${name}-`));
    try {
      cpSync(EXAMPLES_DIR, dir, { recursive: true });
      for (const base of ex.baseImages ?? []) execFileSync('docker', ['tag', busyboxImage(), base], { stdio: 'ignore' });
      for (const [tag, dockerfile] of Object.entries(ex.buildImages ?? {})) execFileSync('docker', ['build', '-q', '-t', tag, '-'], { input: dockerfile, stdio: ['pipe', 'ignore', 'inherit'] });
      const { code, output } = await runExample(dir, name, ex);
      assert.equal(code, 0, `ansflow run ${name} exited ${code}:\n${output.slice(-4000)}`);
      assert.match(output, /^SUCCESS in /m, output.slice(-2000));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
