// Runs the same host-side suite (test/e2e/suite) in desktop VS Code through @vscode/test-electron.
// Needs a VS Code build: either ANSFLOW_VSCODE_EXECUTABLE (a local `code` binary) or a download from
// update.code.visualstudio.com (cached in ~/.cache/ansflow-test/vscode-desktop). On Linux without a
// display run it under `xvfb-run -a`. Where VS Code cannot be downloaded (no internet, as on the
// project's test machine) it stops quickly with a clear message and exit code 2; use
// `npm run test:e2e` (code-server + Chromium) there.
// Env: ANSFLOW_VSCODE_VERSION (default 1.100.3, the version code-server 4.100.3 ships),
//      ANSFLOW_E2E_GREP (filter host tests by title).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { buildSuite } from './buildSuite.mjs';
import { ROOT, buildExtension, makeWorkspace } from './prepare.mjs';
import { hostVerdict } from './verdict.mjs';
import { isCI } from '../ciMode.mjs';

const VERSION = process.env.ANSFLOW_VSCODE_VERSION ?? '1.100.3';
const DOWNLOAD_TIMEOUT_MS = 20_000;

async function vscodeExecutable() {
  if (process.env.ANSFLOW_VSCODE_EXECUTABLE) return process.env.ANSFLOW_VSCODE_EXECUTABLE;
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${DOWNLOAD_TIMEOUT_MS / 1000} s`)), DOWNLOAD_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      downloadAndUnzipVSCode({ version: VERSION, cachePath: join(homedir(), '.cache', 'ansflow-test', 'vscode-desktop'), timeout: DOWNLOAD_TIMEOUT_MS }),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function main() {
  let exe;
  try {
    exe = await vscodeExecutable();
  } catch (e) {
    console.error(
      `[desktop] FAIL: desktop VS Code ${VERSION} could not be downloaded (${String(e instanceof Error ? e.message : e).split('\n')[0]}).\n` +
        '[desktop] This machine cannot reach update.code.visualstudio.com. Run the same suite in real VS Code with\n' +
        '[desktop] `npm run test:e2e` (code-server + Chromium), or point ANSFLOW_VSCODE_EXECUTABLE at a local VS Code.',
    );
    process.exit(2);
  }
  buildExtension();
  const tmp = mkdtempSync(join(tmpdir(), 'ansflow-desktop-'));
  const cleanupTmp = () => rmSync(tmp, { recursive: true, force: true });
  try {
    const suite = await buildSuite(join(tmp, 'suite'));
    const ws = makeWorkspace(join(tmp, 'workspace'));
    const resultsFile = join(tmp, 'host-results.json');
    const code = await runTests({
      vscodeExecutablePath: exe,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: suite.indexPath,
      launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--user-data-dir', join(tmp, 'user-data')],
      extensionTestsEnv: { ANSFLOW_E2E_RESULTS: resultsFile, ...(process.env.ANSFLOW_E2E_GREP ? { ANSFLOW_E2E_GREP: process.env.ANSFLOW_E2E_GREP } : {}) },
    }).catch((e) => {
      console.error(`[desktop] ${e?.message ?? e}`);
      return 1;
    });
    let summary;
    try {
      summary = JSON.parse(readFileSync(resultsFile, 'utf8'));
      for (const r of summary.results) console.log(`  ${r.state === 'passed' ? '✔' : r.state === 'pending' ? '-' : '✖'} ${r.title}`);
    } catch {
      /* the suite printed its own output; no summary is a failure below */
    }
    const verdict = hostVerdict(code, summary, { ci: isCI() });
    for (const p of verdict.problems) console.error(`[desktop] FAIL: ${p}`);
    console.log(`[desktop] ${verdict.ok ? 'PASS' : 'FAIL'}`);
    return verdict.ok ? 0 : 1;
  } finally {
    cleanupTmp();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`[desktop] ${e?.stack ?? e}`);
    process.exit(1);
  },
);
