// The e2e layer: real VS Code (code-server 4.100.3 from ~/.cache/ansflow-test/) + Debian Chromium.
//  1. builds the extension and the host-side suite (test/e2e/suite → a temp folder),
//  2. starts one code-server on a free 127.0.0.1 port with a temp copy of examples/ + test/e2e/fixtures,
//  3. loads the workbench with extensionDevelopmentPath + extensionTestsPath and waits for
//     window.codeAutomationExit(code) — the host suite's verdict,
//  4. loads it again without the tests and runs every test/e2e/ui/*.ui.mjs check (screenshots → test-results/),
//  5. kills code-server by PID (its extension hosts outlive the browser), also on failure.
//  6. packages the VSIX, installs it into a second code-server with --install-extension and checks
//     the installed extension in the workbench (test/e2e/ui/vsixInstall.mjs).
// Flags: --no-build (dist/ is fresh), --grep <re> (host tests), --ui <part of a ui file name>[,<another part>…], --ui-only, --host-only, --no-vsix,
//        --keep (keep the temp dir), --trust (workspace trust on, folder untrusted: runs only the *.trust.e2e.ts host
//        suites, which every other run leaves out; no UI checks, no VSIX).
// Under CI=true a missing code-server or Chromium is a failure; elsewhere the layer skips loudly.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { ensureCodeServer, installExtension, startCodeServer, workbenchUrl } from '../../scripts/code-server.mjs';
import { buildSuite } from './buildSuite.mjs';
import { ROOT, buildExtension, makeWorkspace, packageVsix } from './prepare.mjs';
import { CHROMIUM_ARGS, RESULTS_DIR, describeSidebar, openWorkbench, resetWorkbench } from './ui/workbench.mjs';
import { hostVerdict, uiVerdict } from './verdict.mjs';
import { copyDocImages } from './docImages.mjs';
import { isCI } from '../ciMode.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const option = (f) => (args.includes(f) ? args[args.indexOf(f) + 1] : undefined);
const CI = isCI();
const TRUST = flag('--trust');
const HOST_TIMEOUT_MS = Number(process.env.ANSFLOW_E2E_HOST_TIMEOUT_MS ?? 300_000);
const TOTAL_TIMEOUT_MS = Number(process.env.ANSFLOW_E2E_TOTAL_TIMEOUT_MS ?? 900_000);
const CHROMIUM = process.env.ANSFLOW_TEST_CHROMIUM ?? '/usr/bin/chromium';

const timings = {};
/** Every code-server this run started and has not stopped yet (stopped by PID on any exit path). */
const liveServers = new Set();
let cleanupOnError;
const t = (name, t0) => (timings[name] = Date.now() - t0);
const say = (m) => console.log(`[e2e] ${m}`);

/** A retried test's first error: its message lines (a failure dump may run long) and the first stack frame, at most 40 lines. */
function flakyHead(text) {
  const lines = text.split('\n');
  const frame = lines.findIndex((l) => /^\s+at /.test(l));
  return lines.slice(0, Math.min(frame < 0 ? lines.length : frame + 1, 40));
}

/** @returns {never} */
function unavailable(what) {
  if (CI) {
    console.error(`[e2e] FAIL: ${what} (CI=true: a missing engine is a failure)`);
    process.exit(1);
  }
  console.error(`\n[e2e] ############ SKIPPED: ${what} ############\n`);
  process.exit(0);
}

async function runHostSuite(browser, server, ws, suiteIndex, resultsFile) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(m.text()));
  let settle;
  const exitCode = new Promise((r) => (settle = r));
  await page.exposeFunction('codeAutomationExit', (code) => settle(code));
  const url = workbenchUrl(server.baseUrl, { folder: ws, extensionDevelopmentPath: ROOT, extensionTestsPath: suiteIndex });
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 90_000 });
  let timer;
  const code = await Promise.race([
    exitCode,
    new Promise((r) => (timer = setTimeout(() => r('timeout'), HOST_TIMEOUT_MS))),
  ]);
  clearTimeout(timer);
  t('hostSuite', t0);
  writeFileSync(join(RESULTS_DIR, 'e2e-host-console.log'), consoleLines.join('\n'));
  await page.close();
  let summary;
  try {
    summary = JSON.parse(readFileSync(resultsFile, 'utf8'));
  } catch {
    summary = undefined;
  }
  for (const r of summary?.results ?? []) {
    console.log(`  ${r.state === 'passed' ? '✔' : r.state === 'pending' ? '-' : '✖'} ${r.title}${r.durationMs !== undefined ? ` (${r.durationMs} ms)` : ''}`);
    // Up to the first stack frame: a test's own failure dump (what it saw, what the store held) comes before it.
    if (r.flaky) console.log(`      FLAKY: passed on its retry; the first try failed with:\n      ${flakyHead(r.flaky).join('\n      ')}`);
    if (r.error) console.log(r.error.split('\n').map((l) => `      ${l}`).join('\n'));
  }
  if (code === 'timeout') {
    console.error(`[e2e] host suite gave no verdict within ${HOST_TIMEOUT_MS} ms; page console: test-results/e2e-host-console.log`);
    return false;
  }
  if (!summary) {
    console.error(`[e2e] host suite exited with ${code} but wrote no results (did run() load?); see test-results/e2e-host-console.log`);
    console.error(consoleLines.filter((l) => /error|fail/i.test(l)).slice(-15).join('\n'));
    return false;
  }
  const skipped = summary.results.filter((r) => r.state === 'pending').length;
  say(`host suite: ${summary.results.filter((r) => r.state === 'passed').length} passed, ${summary.failures} failed, ${skipped} skipped (exit ${code})`);
  const verdict = hostVerdict(code, summary, { ci: CI });
  for (const p of verdict.problems) console.error(`[e2e] FAIL: ${p}`);
  if (skipped && !CI) console.error(`\n[e2e] ############ ${skipped} host test(s) SKIPPED (a failure under CI) ############\n`);
  return verdict.ok;
}

/** Tries per UI check: a second one from a reset workbench, reported as flaky when it is needed (ANSFLOW_UI_ATTEMPTS=1 turns it off). */
const UI_ATTEMPTS = Math.max(1, Number(process.env.ANSFLOW_UI_ATTEMPTS ?? 2) || 2);

async function runUiChecks(browser, server, ws) {
  const only = option('--ui');
  const files = readdirSync(join(HERE, 'ui'))
    .filter((f) => f.endsWith('.ui.mjs') && (!only || only.split(',').some((part) => f.includes(part))))
    .sort();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
  const url = workbenchUrl(server.baseUrl, { folder: ws, extensionDevelopmentPath: ROOT });
  timings.workbenchStart = await openWorkbench(page, url);
  const checks = [];
  /** Check file → when it started, for the checks that passed (their screenshots may feed docs/images). */
  const passedSince = new Map();
  for (const f of files) {
    const mod = await import(pathToFileURL(join(HERE, 'ui', f)).href);
    const assert = (cond, msg) => {
      if (!cond) throw new Error(`assertion failed: ${msg}`);
    };
    // A check that fails is run once more from a reset workbench (as Playwright's `retries`): these checks
    // drive a whole workbench on shared cores and an unlucky frame can fail one. A check that passes only on
    // its second try is reported as flaky, with the first failure's message, sidebar and screenshot kept.
    for (let attempt = 1; attempt <= UI_ATTEMPTS; attempt++) {
      const t0 = Date.now();
      try {
        // Whatever an earlier check left open (palette, hover, dialog) must not leak into this one.
        await resetWorkbench(page);
        await mod.default({ page, server, workspace: ws, repoRoot: ROOT, assert });
        console.log(`  ✔ ${mod.title ?? f} (${Date.now() - t0} ms)${attempt > 1 ? ` FLAKY: passed on attempt ${attempt}` : ''}`);
        checks.push({ title: mod.title ?? f, passed: true, flaky: attempt > 1 });
        passedSince.set(f, t0);
        break;
      } catch (e) {
        const last = attempt === UI_ATTEMPTS;
        const name = `e2e-FAILED-${f.replace(/\.ui\.mjs$/, '')}${last ? '' : `-attempt${attempt}`}`;
        console.log(`  ${last ? '✖' : '↻'} ${mod.title ?? f}${last ? '' : ` (attempt ${attempt} failed; running it again)`}\n      ${String(e instanceof Error ? e.stack : e).split('\n').join('\n      ')}`);
        console.log(`      sidebar at the failure:\n${(await describeSidebar(page)).replace(/^/gm, '        ')}`);
        await page.screenshot({ path: join(RESULTS_DIR, `${name}.png`) }).catch(() => {});
        if (last) checks.push({ title: mod.title ?? f, passed: false });
      }
    }
  }
  await page.close();
  writeFileSync(join(RESULTS_DIR, 'e2e-ui-console.log'), consoleLines.join('\n'));
  if (process.env.ANSFLOW_UPDATE_DOC_IMAGES === '1') {
    const written = copyDocImages(RESULTS_DIR, join(ROOT, 'docs', 'images'), passedSince);
    say(`docs/images: ${written.length ? written.join(', ') : 'nothing'} updated (ANSFLOW_UPDATE_DOC_IMAGES=1)`);
  }
  const verdict = uiVerdict(checks);
  const flaky = checks.filter((c) => c.flaky);
  if (flaky.length) console.log(`[e2e] FLAKY (passed on a second try): ${flaky.map((c) => c.title).join('; ')}`);
  for (const p of verdict.problems) console.error(`[e2e] FAIL: ${p}`);
  return verdict.ok;
}

async function runVsixCheck(browser, tmp) {
  let t0 = Date.now();
  const vsix = packageVsix(join(tmp, 'ansflow.vsix'));
  const stateDir = join(tmp, 'vsix-server');
  const installed = installExtension(vsix, stateDir);
  t('vsixPackageInstall', t0);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const want = `${pkg.publisher}.${pkg.name}@${pkg.version}`;
  if (!installed.includes(want)) {
    console.log(`  ✖ (e2e) VSIX install: --list-extensions shows [${installed.join(', ')}], expected ${want}`);
    return false;
  }
  const ws = makeWorkspace(join(tmp, 'vsix-workspace'));
  const server = await startCodeServer({ workspace: ws, stateDir });
  liveServers.add(server);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  t0 = Date.now();
  try {
    await openWorkbench(page, `${server.baseUrl}/?folder=${encodeURIComponent(ws)}`);
    const mod = await import(pathToFileURL(join(HERE, 'ui', 'vsixInstall.mjs')).href);
    const assert = (cond, msg) => {
      if (!cond) throw new Error(`assertion failed: ${msg}`);
    };
    await mod.default({ page, server, workspace: ws, repoRoot: ROOT, assert });
    console.log(`  ✔ ${mod.title} (${want}, ${Date.now() - t0} ms)`);
    return true;
  } catch (e) {
    console.log(`  ✖ (e2e) VSIX install check\n      ${String(e instanceof Error ? e.stack : e).split('\n').join('\n      ')}`);
    await page.screenshot({ path: join(RESULTS_DIR, 'e2e-FAILED-vsix.png') }).catch(() => {});
    return false;
  } finally {
    t('vsixCheck', t0);
    await page.close().catch(() => {});
    server.stop();
    liveServers.delete(server);
  }
}

async function main() {
  const tAll = Date.now();
  mkdirSync(RESULTS_DIR, { recursive: true });
  if (!existsSync(CHROMIUM)) unavailable(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or test/infra/install.sh)`);
  let t0 = Date.now();
  let cs;
  try {
    cs = ensureCodeServer();
  } catch (e) {
    unavailable(`code-server: ${e instanceof Error ? e.message : String(e)}`);
  }
  t('codeServerInstall', t0);
  say(`code-server ${cs.cached ? 'cached' : 'installed'} in ${(cs.ms / 1000).toFixed(1)} s`);

  if (!flag('--no-build')) {
    t0 = Date.now();
    buildExtension();
    t('buildExtension', t0);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'ansflow-e2e-'));
  t0 = Date.now();
  const suite = await buildSuite(join(tmp, 'suite'));
  t('buildSuite', t0);
  const ws = makeWorkspace(join(tmp, 'workspace'));
  // The trust suite checks that an untrusted folder's own settings cannot name the programs AnsFlow runs.
  if (TRUST) {
    mkdirSync(join(ws, '.vscode'), { recursive: true });
    writeFileSync(join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'ansflow.shell': '/untrusted/shell', 'ansflow.helmPath': '/untrusted/helm', 'ansflow.concurrency': 3 }));
  }
  const resultsFile = join(tmp, 'host-results.json');

  let server;
  let browser;
  let ok = false;
  let cleaning;
  // One cleanup however many paths (signal, watchdog, finally) ask for it; servers go first, synchronously.
  const cleanup = () =>
    (cleaning ??= (async () => {
      for (const s of liveServers) s.stop();
      liveServers.clear();
      if (server) {
        copyFileSync(server.logFile, join(RESULTS_DIR, 'e2e-code-server.log'));
        // VS Code's own logs (extension host, renderer) explain most failures: keep them on failure.
        const logs = join(tmp, 'server', 'user-data', 'logs');
        rmSync(join(RESULTS_DIR, 'e2e-vscode-logs'), { recursive: true, force: true });
        if (!ok && existsSync(logs)) cpSync(logs, join(RESULTS_DIR, 'e2e-vscode-logs'), { recursive: true });
      }
      await browser?.close().catch(() => {});
      if (!flag('--keep')) rmSync(tmp, { recursive: true, force: true });
    })());
  cleanupOnError = cleanup;
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => cleanup().finally(() => process.exit(130)));
  // Last line of defence against a wedged browser or server: never hang the test command.
  const watchdog = setTimeout(() => {
    console.error(`[e2e] FAIL: the e2e layer did not finish within ${TOTAL_TIMEOUT_MS} ms`);
    cleanup().finally(() => process.exit(1));
  }, TOTAL_TIMEOUT_MS);
  watchdog.unref();
  try {
    t0 = Date.now();
    server = await startCodeServer({
      workspace: ws,
      stateDir: join(tmp, 'server'),
      env: {
        ANSFLOW_E2E_RESULTS: resultsFile,
        // Actions the suites take land in this run's folder, not in the audit log of whoever runs e2e.
        ANSFLOW_AUDIT_FILE: join(tmp, 'audit.jsonl'),
        ...(option('--grep') ? { ANSFLOW_E2E_GREP: option('--grep') } : {}),
        ...(TRUST ? { ANSFLOW_E2E_TRUST: '1' } : {}),
      },
      workspaceTrust: TRUST,
      // The extension host takes PATH from a login shell, so the engines' helm is named explicitly, in the
      // Machine settings where a remote window reads machine-overridable settings (see startCodeServer).
      userSettings: process.env.ANSFLOW_TEST_HELM ? { 'ansflow.helmPath': process.env.ANSFLOW_TEST_HELM } : {},
      machineSettings: process.env.ANSFLOW_TEST_HELM ? { 'ansflow.helmPath': process.env.ANSFLOW_TEST_HELM } : {},
    });
    liveServers.add(server);
    t('serverStart', t0);
    say(`code-server pid ${server.pid} on ${server.baseUrl} (healthz after ${server.startMs} ms)`);
    t0 = Date.now();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    t('chromiumLaunch', t0);
    say(`${suite.testFiles.length} host test file(s): ${suite.testFiles.join(', ')}`);
    const hostOk = flag('--ui-only') ? true : await runHostSuite(browser, server, ws, suite.indexPath, resultsFile);
    t0 = Date.now();
    const uiOk = flag('--host-only') || TRUST ? true : await runUiChecks(browser, server, ws);
    t('uiChecks', t0);
    const vsixOk = flag('--no-vsix') || flag('--host-only') || flag('--ui-only') || TRUST ? true : await runVsixCheck(browser, tmp);
    ok = hostOk && uiOk && vsixOk;
  } finally {
    await cleanup();
  }
  t('total', tAll);
  say(`timings (ms): ${Object.entries(timings).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  say(ok ? 'PASS' : 'FAIL');
  process.exit(ok ? 0 : 1);
}

main().catch(async (e) => {
  console.error(`[e2e] ${e?.stack ?? e}`);
  await cleanupOnError?.();
  process.exit(1);
});
