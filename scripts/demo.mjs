// `npm run demo`: the product on this machine. Builds the extension and CLI, installs code-server into
// ~/.cache/ansflow-test/ if needed, serves VS Code on 127.0.0.1 with the extension loaded from this
// repo and examples/ as the workspace, prints the URL, runs the headless CLI on an example, and stays
// up until Ctrl-C (then stops code-server by PID).
// Env: PORT (default: a free port). Flag: --check (start, verify the workbench answers, stop: for CI).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer, startCodeServer, workbenchUrl } from './code-server.mjs';

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

async function main() {
  say('building the extension and the CLI…');
  const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (b.status !== 0) throw new Error('build failed (node esbuild.mjs)');
  const cs = ensureCodeServer();
  say(`code-server ${cs.cached ? 'found in the cache' : 'installed'} (${(cs.ms / 1000).toFixed(1)} s)`);

  const examples = join(ROOT, 'examples');
  mkdirSync(examples, { recursive: true });
  const state = mkdtempSync(join(tmpdir(), 'ansflow-demo-'));
  const port = process.env.PORT ? Number(process.env.PORT) : undefined;
  const server = await startCodeServer({ workspace: examples, stateDir: state, port });
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
  runCli(examples);
  if (check) {
    const r = await fetch(url);
    const html = await r.text();
    if (!r.ok || !html.includes('workbench')) throw new Error(`the workbench page did not load (HTTP ${r.status})`);
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
