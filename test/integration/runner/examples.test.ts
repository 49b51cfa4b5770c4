// (integration) Every bundled example runs green with `ansflow run` where its engines are present.
// Each run works on a fresh copy of examples/ (runs write out/ and .ansflow/runs next to the pipeline),
// approves its approval gates (`--approve-all`) and must exit 0 with the run reported as a success.
// A new example must be added to EXAMPLES below (a test checks the table covers examples/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, createWriteStream, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { busyboxImage, engineUp, requireEngine, runDirPath, testKubeconfigPath, type EngineName } from '../engines.js';
import { tagNodeStandIn } from '../nodeImageStandIn.js';
import { webAppRegistryArgs, webAppCleanup, webAppPulledByKubelet } from './webAppExample.js';

const ROOT = resolve(__dirname, '../../..');
const EXAMPLES_DIR = join(ROOT, 'examples');

interface Example {
  /** Engines the example's steps talk to; the test skips (fails under CI) without them. */
  engines: EngineName[];
  /** Extra `ansflow run` arguments (a function when they name something the engines chose, e.g. a port). */
  args?: string[] | (() => string[]);
  /**
   * Why the example cannot run green yet. The test still runs and reports, as a TODO (node:test does not
   * count it as a failure): remove the reason when the example passes.
   */
  todo?: string;
  /** Base images the example's Dockerfiles name, made locally from the test busybox (no registry is reachable). */
  baseImages?: string[];
  /** Images built on the test dockerd before the run (tag → Dockerfile text), e.g. a stand-in for a registry image. */
  buildImages?: Record<string, string>;
  /** `node:<major>-alpine` images the example's Dockerfiles build on, stood in for by test/integration/nodeImageStandIn.ts. */
  nodeImages?: string[];
  /** Checks of what a green run left behind (beyond its exit code), then what to remove once the test ends. */
  verify?: () => Promise<void>;
  cleanup?: () => void;
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
  'security-gate': { engines: ['docker'], nodeImages: ['node:20-alpine'] },
  'k8s-deploy': {
    engines: ['kube', 'kube-node'],
    // Its default image lives in a registry on 127.0.0.1:5000; a local stand-in (not `latest`, so never pulled) runs instead.
    args: ['--param', 'image=ansflow-example/web:k8s-deploy'],
    baseImages: ['busybox:1.36'],
    buildImages: { 'ansflow-example/web:k8s-deploy': WEB_STAND_IN },
  },
  'web-app': {
    engines: ['docker', 'registry', 'kube', 'kube-node', 'helm'],
    // Pushes to this run's registry instead of the example's default 127.0.0.1:5000; then the kubelet must pull
    // the pushed image back from it.
    args: webAppRegistryArgs,
    nodeImages: ['node:20-alpine'],
    verify: webAppPulledByKubelet,
    cleanup: webAppCleanup,
  },
};

/** The environment an example sees: ours, minus anything that would fill its optional secrets. */
function exampleEnv(engines: EngineName[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const k of ['ANSFLOW_SLACK_WEBHOOK', 'ANSFLOW_ROLLOUT_WEBHOOK', 'REGISTRY_PASSWORD']) delete env[k];
  if (engines.includes('kube')) {
    env.KUBECONFIG = testKubeconfigPath();
    // Shell steps' `kubectl` must be the plain test binary, never a kubectl dispatcher the machine may have on PATH.
    if (process.env.ANSFLOW_TEST_KUBECTL) env.PATH = `${dirname(process.env.ANSFLOW_TEST_KUBECTL)}${delimiter}${env.PATH ?? ''}`;
  }
  return env;
}

function runExample(dir: string, name: string, ex: Example): Promise<{ code: number | null; output: string }> {
  // tsx by absolute URL: the run's working directory is the example copy, where a bare `tsx` does not resolve.
  const tsx = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const args = ['--import', tsx, join(ROOT, 'src/cli/main.ts'), 'run', `${name}.ansflow.yaml`, '--approve-all', '--no-color', ...(typeof ex.args === 'function' ? ex.args() : (ex.args ?? []))];
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: dir, env: exampleEnv(ex.engines), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    // Also to a file in the run folder (kept when the run fails): a test that times out reports no output.
    const log = createWriteStream(runDirPath(`example-${name}.log`));
    const take = (d: Buffer) => ((output += d), log.write(d));
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', fail);
    child.on('close', (code) => (log.end(), done({ code, output })));
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
      const t0 = Date.now();
      for (const ref of ex.nodeImages ?? []) tagNodeStandIn(ref);
      for (const [tag, dockerfile] of Object.entries(ex.buildImages ?? {})) execFileSync('docker', ['build', '-q', '-t', tag, '-'], { input: dockerfile, stdio: ['pipe', 'ignore', 'inherit'] });
      const t1 = Date.now();
      const { code, output } = await runExample(dir, name, ex);
      const t2 = Date.now();
      assert.equal(code, 0, `ansflow run ${name} exited ${code}:\n${output.slice(-4000)}`);
      assert.match(output, /^SUCCESS in /m, output.slice(-2000));
      await ex.verify?.();
      // Where the time goes (CI's budget), not a check.
      t.diagnostic(`images ${t1 - t0} ms, ansflow run ${t2 - t1} ms, checks after the run ${Date.now() - t2} ms`);
    } finally {
      ex.cleanup?.();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
