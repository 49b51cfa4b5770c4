// Shared helper for the e2e layer and the demo: installs code-server into a cache folder outside the
// project (so `npm ci` stays fast), and starts / stops one server per run on a free loopback port.
// CLI: `node scripts/code-server.mjs install` (idempotent; prints the install time).
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, writeFileSync, readFileSync, openSync, mkdtempSync, copyFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
/** Where code-server lives; override with ANSFLOW_CODE_SERVER_DIR. */
export const CODE_SERVER_DIR =
  process.env.ANSFLOW_CODE_SERVER_DIR ?? join(homedir(), '.cache', 'ansflow-test', 'code-server');

const PKG_DIR = join(CODE_SERVER_DIR, 'node_modules', 'code-server');
const ENTRY = join(PKG_DIR, 'out', 'node', 'entry.js');
const MARKER = join(CODE_SERVER_DIR, `.installed-${CODE_SERVER_VERSION}`);
// Native and build packages code-server's postinstall compiles against (see TEST-INFRA.md).
const APT_PACKAGES = ['build-essential', 'pkg-config', 'python3', 'libkrb5-dev', 'libsecret-1-dev', 'libx11-dev', 'libxkbfile-dev', 'ripgrep'];
// @vscode/ripgrep's postinstall downloads rg from GitHub; it first looks in this cache.
const RG_CACHE = join(tmpdir(), 'vscode-ripgrep-cache-1.15.11');
const RG_TARBALL = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

const log = (msg) => console.error(`[code-server] ${msg}`);

/** Returns the missing apt packages (empty when dpkg is absent: not a Debian-like machine). */
export function missingAptPackages() {
  const probe = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\\n', ...APT_PACKAGES], { encoding: 'utf8' });
  if (probe.error) return [];
  const ok = new Set(
    probe.stdout.split('\n').filter((l) => l.includes('install ok installed')).map((l) => l.split(' ')[0]),
  );
  return APT_PACKAGES.filter((p) => !ok.has(p));
}

/** Checks that the installed code-server is complete (its postinstall ran) and answers --version. */
export function codeServerWorks() {
  if (!existsSync(ENTRY)) return { ok: false, why: `${ENTRY} is missing` };
  // The postinstall installs the VS Code server's own dependencies; without them nothing starts.
  const vsNodeModules = join(PKG_DIR, 'lib', 'vscode', 'node_modules');
  if (!existsSync(vsNodeModules)) return { ok: false, why: `${vsNodeModules} is missing (code-server's postinstall did not run)` };
  // --config keeps it from writing a default config under ~/.config.
  const cfgDir = mkdtempSync(join(tmpdir(), 'ansflow-cs-check-'));
  const cfg = join(cfgDir, 'config.yaml');
  writeFileSync(cfg, 'auth: none\n');
  const v = spawnSync(process.execPath, [ENTRY, '--config', cfg, '--version'], { encoding: 'utf8', timeout: 60_000 });
  rmSync(cfgDir, { recursive: true, force: true });
  const line = (v.stdout ?? '').split('\n').find((l) => l.startsWith(CODE_SERVER_VERSION));
  if (v.status !== 0 || !line) {
    return { ok: false, why: `code-server --version failed: ${(v.stderr || v.stdout || String(v.error)).trim().slice(0, 400)}` };
  }
  return { ok: true, why: `code-server ${line.trim()}` };
}

function seedRipgrepCache() {
  const tarball = join(RG_CACHE, RG_TARBALL);
  if (existsSync(tarball)) return;
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  if (!rg) throw new Error('rg not found: install it with `apt-get install -y ripgrep` (code-server bundles it and has no internet here)');
  mkdirSync(RG_CACHE, { recursive: true });
  const stage = mkdtempSync(join(tmpdir(), 'ansflow-rg-'));
  copyFileSync(rg, join(stage, 'rg'));
  const tar = spawnSync('tar', ['-czf', tarball, '-C', stage, 'rg'], { encoding: 'utf8' });
  rmSync(stage, { recursive: true, force: true });
  if (tar.status !== 0) throw new Error(`could not build the ripgrep cache tarball: ${tar.stderr}`);
  log(`seeded ${tarball} from ${rg}`);
}

// Settings a nested npm may inherit harmlessly; everything else npm_* comes from a surrounding
// `npm run` (local_prefix would install into the project, allow_scripts= would block the postinstall).
const KEEP_NPM_ENV = /^npm_config_(cache|userconfig|globalconfig|cafile|nodedir|noproxy|proxy|https_proxy|registry|node_gyp)$/;

/** process.env without what a surrounding `npm run` injects, so npm works in the cache folder. */
export function cleanNpmEnv(env = process.env) {
  return Object.fromEntries(
    Object.entries(env).filter(([k]) => !/^npm_/i.test(k) || KEEP_NPM_ENV.test(k.toLowerCase())).filter(([k]) => k !== 'INIT_CWD'),
  );
}

/**
 * Installs code-server@CODE_SERVER_VERSION into CODE_SERVER_DIR unless a verified install is there.
 * Returns { entry, cached, ms }. Throws with what to install when prerequisites are missing.
 */
export function ensureCodeServer({ quiet = false } = {}) {
  const t0 = Date.now();
  if (existsSync(MARKER) && existsSync(ENTRY) && existsSync(join(PKG_DIR, 'lib', 'vscode', 'node_modules'))) {
    return { entry: ENTRY, cached: true, ms: Date.now() - t0 };
  }
  let missing = missingAptPackages();
  // As root on Debian (CI, a fresh demo machine) install them, so `npm ci && npm run demo` is one step.
  if (missing.length && process.getuid?.() === 0 && !process.env.ANSFLOW_NO_APT) {
    log(`installing system packages: ${missing.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    let apt = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
    if (apt.status !== 0) {
      spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
      apt = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
    }
    missing = missingAptPackages();
  }
  if (missing.length) {
    throw new Error(`code-server needs system packages: apt-get install -y ${missing.join(' ')} (or run test/infra/install.sh)`);
  }
  seedRipgrepCache();
  mkdirSync(CODE_SERVER_DIR, { recursive: true });
  // A private package.json keeps npm from walking up into some other project, and names the
  // packages whose install scripts must run (npm 11's allowScripts policy).
  writeFileSync(
    join(CODE_SERVER_DIR, 'package.json'),
    JSON.stringify(
      {
        name: 'ansflow-code-server-cache',
        private: true,
        description: 'code-server for AnsFlow e2e tests (cache, not a project dependency)',
        allowScripts: { 'code-server': true, '@vscode/ripgrep': true, argon2: true },
      },
      null,
      2,
    ) + '\n',
  );
  log(`installing code-server@${CODE_SERVER_VERSION} into ${CODE_SERVER_DIR} (first run: a few minutes)…`);
  const env = { ...cleanNpmEnv(), npm_config_unsafe_perm: 'true', npm_config_yes: 'true', npm_config_audit: 'false', npm_config_fund: 'false' };
  const res = spawnSync(
    'npm',
    ['install', '--no-save', '--foreground-scripts', '--ignore-scripts=false', `code-server@${CODE_SERVER_VERSION}`],
    { cwd: CODE_SERVER_DIR, env, stdio: quiet ? 'ignore' : ['ignore', 2, 2] },
  );
  if (res.status !== 0) throw new Error(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${res.status}); see the output above`);
  const check = codeServerWorks();
  if (!check.ok) {
    throw new Error(
      `code-server installed but does not work: ${check.why}. If npm skipped install scripts, ` +
        `delete ${CODE_SERVER_DIR} and retry with npm_config_dangerously_allow_all_scripts=true`,
    );
  }
  writeFileSync(MARKER, `${new Date().toISOString()} ${check.why}\n`);
  const ms = Date.now() - t0;
  log(`${check.why} installed in ${(ms / 1000).toFixed(1)} s`);
  return { entry: ENTRY, cached: false, ms };
}

/** User settings for a quiet, deterministic workbench (no welcome page, no online lookups). */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'chat.disableAIFeatures': true,
};

// Marketplace lookups would leave the machine: point the gallery at a closed loopback port instead.
const LOOPBACK_GALLERY = JSON.stringify({
  serviceUrl: 'http://127.0.0.1:9/vscode/gallery',
  itemUrl: 'http://127.0.0.1:9/vscode/item',
  resourceUrlTemplate: 'http://127.0.0.1:9/vscode/unpkg/{publisher}/{name}/{version}/{path}',
});

/** Finds a free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => res(port));
    });
  });
}

/**
 * Starts code-server on 127.0.0.1 with isolated config, user-data and extensions dirs under `stateDir`.
 * Returns { port, pid, baseUrl, logFile, stop() }; stop() kills the server's process group by PID
 * (extension hosts are its children and outlive the browser).
 * With `workspaceTrust`, trust stays on and the folder opens in restricted mode (no prompt), for the trust suite.
 * `machineSettings` go to the server's Machine settings: in a code-server window (a remote one) VS Code applies
 * `machine` and `machine-overridable` settings from there, not from User settings (it read a User value at first
 * and dropped it once a configuration change reached the extension host, e.g. after a debug session).
 * @param {{ workspace: string, stateDir: string, port?: number, env?: Record<string, string | undefined>, extraArgs?: string[], userSettings?: Record<string, unknown>, machineSettings?: Record<string, unknown>, workspaceTrust?: boolean }} options
 */
export async function startCodeServer({ workspace, stateDir, port, env = {}, extraArgs = [], userSettings = {}, machineSettings = {}, workspaceTrust = false }) {
  const entry = ENTRY;
  if (!existsSync(entry)) throw new Error(`code-server is not installed at ${CODE_SERVER_DIR}: run node scripts/code-server.mjs install`);
  const p = port ?? (await freePort());
  mkdirSync(stateDir, { recursive: true });
  const cfg = join(stateDir, 'config.yaml');
  writeFileSync(cfg, `bind-addr: 127.0.0.1:${p}\nauth: none\ncert: false\n`);
  const userDir = join(stateDir, 'user-data', 'User');
  mkdirSync(userDir, { recursive: true });
  const trust = workspaceTrust ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' } : {};
  writeFileSync(join(userDir, 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...trust, ...userSettings }, null, 2));
  if (Object.keys(machineSettings).length) {
    const machineDir = join(stateDir, 'user-data', 'Machine');
    mkdirSync(machineDir, { recursive: true });
    writeFileSync(join(machineDir, 'settings.json'), JSON.stringify(machineSettings, null, 2));
  }
  const logFile = join(stateDir, 'code-server.log');
  const out = openSync(logFile, 'a');
  const args = [
    entry,
    '--config', cfg,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${p}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--user-data-dir', join(stateDir, 'user-data'),
    '--extensions-dir', join(stateDir, 'extensions'),
    ...extraArgs,
    workspace,
  ];
  const t0 = Date.now();
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...process.env, EXTENSIONS_GALLERY: LOOPBACK_GALLERY, ...env },
  });
  const baseUrl = `http://127.0.0.1:${p}`;
  let exited = false;
  child.on('exit', () => (exited = true));
  const stop = () => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    // Give it a moment, then make sure nothing of the group survives.
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline) {
      try {
        process.kill(-child.pid, 0);
      } catch {
        return;
      }
      spawnSync('sleep', ['0.1']);
    }
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  };
  for (;;) {
    if (exited) throw new Error(`code-server exited during start-up; log: ${logFile}\n${tail(logFile)}`);
    if (Date.now() - t0 > 60_000) {
      stop();
      throw new Error(`code-server did not answer /healthz within 60 s; log: ${logFile}\n${tail(logFile)}`);
    }
    try {
      const r = await fetch(`${baseUrl}/healthz`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { port: p, pid: child.pid, baseUrl, logFile, startMs: Date.now() - t0, stop };
}

/**
 * Installs a VSIX into the extensions dir that startCodeServer uses for `stateDir`, as a user would
 * with `code-server --install-extension`; returns the `--list-extensions --show-versions` lines.
 */
export function installExtension(vsixPath, stateDir) {
  mkdirSync(stateDir, { recursive: true });
  const cfg = join(stateDir, 'config.yaml');
  if (!existsSync(cfg)) writeFileSync(cfg, 'auth: none\n');
  const common = ['--config', cfg, '--user-data-dir', join(stateDir, 'user-data'), '--extensions-dir', join(stateDir, 'extensions')];
  const env = { ...process.env, EXTENSIONS_GALLERY: LOOPBACK_GALLERY };
  const inst = spawnSync(process.execPath, [ENTRY, ...common, '--install-extension', vsixPath], { encoding: 'utf8', env, timeout: 120_000 });
  if (inst.status !== 0) throw new Error(`--install-extension ${vsixPath} failed: ${(inst.stderr || inst.stdout).trim().slice(-600)}`);
  const list = spawnSync(process.execPath, [ENTRY, ...common, '--list-extensions', '--show-versions'], { encoding: 'utf8', env, timeout: 60_000 });
  if (list.status !== 0) throw new Error(`--list-extensions failed: ${(list.stderr || list.stdout).trim().slice(-600)}`);
  return list.stdout.split('\n').map((l) => l.trim()).filter((l) => /^[\w.-]+@\S+$/.test(l));
}

function tail(file) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '';
  }
}

/**
 * The workbench URL that opens `folder` with the extension at `extensionDevelopmentPath` loaded from
 * disk, and, when `extensionTestsPath` is given, runs that module's `run()` in the extension host.
 * @param {string} baseUrl
 * @param {{ folder: string, extensionDevelopmentPath: string, extensionTestsPath?: string }} options
 */
export function workbenchUrl(baseUrl, { folder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (p) => `vscode-remote://${new URL(baseUrl).host}${resolve(p)}`;
  const payload = [['extensionDevelopmentPath', remote(extensionDevelopmentPath)]];
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  return `${baseUrl}/?folder=${encodeURIComponent(resolve(folder))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cmd = process.argv[2] ?? 'install';
  if (cmd === 'install') {
    try {
      const r = ensureCodeServer();
      console.log(`code-server ${CODE_SERVER_VERSION} ${r.cached ? 'already installed (cached)' : 'installed'} at ${CODE_SERVER_DIR}: ${(r.ms / 1000).toFixed(1)} s`);
    } catch (e) {
      console.error(`[code-server] ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    }
  } else if (cmd === 'check') {
    const c = codeServerWorks();
    console.log(c.ok ? `ok: ${c.why}` : `not working: ${c.why}`);
    process.exit(c.ok ? 0 : 1);
  } else {
    console.error('usage: node scripts/code-server.mjs install|check');
    process.exit(2);
  }
}
