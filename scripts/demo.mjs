// `npm run demo`: the product on this machine. Builds the extension and CLI and installs code-server into
// ~/.cache/ansflow-test/ if needed; when the local engines are installed (test/infra/install.sh), re-runs itself
// under test/infra/with-engines.sh (dockerd, etcd + kube-apiserver + kubelet, helm, ansible; all stopped by PID
// when the demo ends) and seeds a sample into them (scripts/demo/seed.mts). Then it serves VS Code on 127.0.0.1
// with the extension loaded from this repo, examples/ as the workspace and the engines in its environment
// (KUBECONFIG, DOCKER_HOST, `ansflow.helmPath`), prints the URL, runs the headless CLI on an example, and stays
// up until Ctrl-C (then stops code-server by PID). Without the engines it says how to install them and opens
// the workbench with the examples only.
// Env: PORT (default: a free port); ANSFLOW_DEMO_ENGINES=0 skips the engines. Flag: --check (start, verify the
// workbench answers and the seed worked, stop: for CI).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer, startCodeServer, workbenchUrl } from './code-server.mjs';
import { DEMO_ENGINES, missingEngines, runUnderEngines } from './demo/engines.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const say = (m) => console.log(`[demo] ${m}`);

function firstExample(dir) {
  if (!existsSync(dir)) return undefined;
  const found = [];
  (function walk(d) {
    for (const name of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, name.name);
      if (name.isDirectory() && name.name !== 'node_modules') walk(p);
      else if (/\.ansflow\.ya?ml$/.test(name.name)) found.push(p);
    }
  })(dir);
  return found[0];
}

/** Runs the headless CLI the way a user would: validate an example when the CLI has `validate`. */
function runCli(examples) {
  const cli = join(ROOT, 'dist', 'cli.js');
  const help = spawnSync(process.execPath, [cli, '--help'], { cwd: ROOT, encoding: 'utf8' });
  const example = firstExample(examples);
  const hasValidate = /^\s+validate\b/m.test(help.stdout ?? '');
  const args = hasValidate && example ? ['validate', example.slice(ROOT.length + 1)] : ['--help'];
  say(`headless CLI: node dist/cli.js ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: ROOT, stdio: 'inherit' });
  say(`CLI exit code ${r.status}`);
}

/** Seeds the engines' sample; returns whether it worked (the workbench opens either way). */
function seed() {
  const up = new Set((process.env.ANSFLOW_TEST_ENGINES ?? '').split(/\s+/).filter(Boolean));
  const down = ['docker', 'kube', 'helm'].filter((e) => !up.has(e));
  if (down.length) {
    say(`engines not up: ${down.join(', ')} (see the with-engines log above); the trees show only what is up`);
    return false;
  }
  if (!up.has('kube-node')) say('the kubelet is not up: the seeded pods stay Pending');
  say('seeding the sample (namespaces demo-shop, demo-batch, demo-tools; Helm release catalog; containers)…');
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'demo', 'seed.mts')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) say('seeding failed (see above); the workbench still opens');
  return r.status === 0;
}

/** With the engines installed and not yet started, the demo runs again under with-engines.sh; else undefined. */
async function relaunchWithEngines() {
  if (process.env.ANSFLOW_TEST_ENGINES !== undefined || process.env.ANSFLOW_DEMO_ENGINES === '0') return undefined;
  const missing = missingEngines();
  if (missing.length) {
    say(`local engines not installed (missing: ${missing.join(', ')}).`);
    say('  To see the Clusters, Helm Releases and Containers trees populated, install them once (as root, Debian 12;');
    say('  the first run compiles Kubernetes, ~8 min):  bash test/infra/install.sh   then run npm run demo again.');
    say('  Opening the workbench with the examples only.');
    return undefined;
  }
  say(`starting the local engines (${DEMO_ENGINES}) through test/infra/with-engines.sh…`);
  return runUnderEngines(ROOT, fileURLToPath(import.meta.url), process.argv.slice(2));
}

/** Builds and installs code-server once: before the engines start, so a broken build costs no engine start-up. */
function prepare() {
  if (process.env.ANSFLOW_DEMO_PREPARED === '1') return;
  say('building the extension and the CLI…');
  const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (b.status !== 0) throw new Error('build failed (node esbuild.mjs)');
  const cs = ensureCodeServer();
  say(`code-server ${cs.cached ? 'found in the cache' : 'installed'} (${(cs.ms / 1000).toFixed(1)} s)`);
  process.env.ANSFLOW_DEMO_PREPARED = '1';
}

async function main() {
  prepare();
  const relaunched = await relaunchWithEngines();
  if (relaunched !== undefined) process.exit(relaunched);
  const withEngines = process.env.ANSFLOW_TEST_ENGINES !== undefined;

  const examples = join(ROOT, 'examples');
  mkdirSync(examples, { recursive: true });
  const state = mkdtempSync(join(tmpdir(), 'ansflow-demo-'));
  const port = process.env.PORT ? Number(process.env.PORT) : undefined;
  const seeded = withEngines ? seed() : undefined;
  const server = await startCodeServer({
    workspace: examples,
    stateDir: state,
    port,
    // KUBECONFIG and DOCKER_HOST come from with-engines through the environment; the extension host takes PATH
    // from a login shell, so the engines' helm is named in the settings.
    userSettings: process.env.ANSFLOW_TEST_HELM ? { 'ansflow.helmPath': process.env.ANSFLOW_TEST_HELM } : {},
  });
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    server.stop();
    rmSync(state, { recursive: true, force: true });
    say(`code-server (pid ${server.pid}) stopped`);
  };
  process.on('exit', stop);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => process.exit(0));

  const url = workbenchUrl(server.baseUrl, { folder: examples, extensionDevelopmentPath: ROOT });
  say(`VS Code with AnsFlow is up (code-server pid ${server.pid}, log ${server.logFile}).`);
  console.log(`\n  Open: ${url}\n`);
  if (seeded) {
    say('In the AnsFlow activity bar: Clusters (namespaces demo-*, Deployment web with its Service, Job nightly-report),');
    say('Helm Releases (catalog, two revisions), Containers (compose project demo-store, demo-toolbox), Ansible Inventories.');
  }
  runCli(examples);
  if (check) {
    const r = await fetch(url);
    const html = await r.text();
    if (!r.ok || !html.includes('workbench')) throw new Error(`the workbench page did not load (HTTP ${r.status})`);
    if (seeded === false) throw new Error('check: the engines were started but the sample was not seeded');
    say('check: the workbench page answers; stopping');
    process.exit(0);
  }
  say('Press Ctrl-C to stop.');
  await new Promise(() => {});
}

main().catch((e) => {
  console.error(`[demo] ${e?.message ?? e}`);
  process.exit(1);
});
