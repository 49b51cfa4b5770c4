// Host-side e2e suite entry in @vscode/test-electron style: VS Code loads this module through
// `extensionTestsPath` and awaits `run()` inside the real extension host (code-server here,
// desktop VS Code via test/e2e/runDesktop.mjs).
//
// Adding a test file: create test/e2e/suite/<area>/<name>.e2e.ts using mocha's TDD globals
// (`suite`, `test`, `suiteSetup`, …) and name each test '(e2e) …'. Nothing else to register:
// test/e2e/buildSuite.mjs bundles every *.e2e.ts next to this file (`vscode` stays external) and
// run() loads every *.e2e.js it finds. Helpers shared by tests live in test/e2e/suite/helpers.ts.
// Env knobs (set by the runners, passed through the server to the extension host):
//   ANSFLOW_E2E_GREP     run only tests whose full title matches this regular expression
//   ANSFLOW_E2E_RESULTS  file to write a JSON summary of passes and failures to
//   ANSFLOW_E2E_TRUST    '1': run only *.trust.e2e.js (an untrusted folder, runE2E --trust); otherwise they are left out
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

/** A finished test as written to ANSFLOW_E2E_RESULTS. */
export interface E2eTestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
  /** Set when the test failed once and passed on its retry: the first failure. */
  flaky?: string;
}

function findTestFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTestFiles(p));
    else if (name.endsWith('.e2e.js')) out.push(p);
  }
  return out;
}

/** Runs every bundled *.e2e.js test file; rejects when any test fails. */
export async function run(): Promise<void> {
  // One retry per test, as the UI checks get (see runE2E.mjs): a test that passes only on its retry is
  // reported as flaky with its first failure. ANSFLOW_UI_ATTEMPTS=1 turns retries off here too.
  const retries = process.env.ANSFLOW_UI_ATTEMPTS === '1' ? 0 : 1;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec', retries });
  const grep = process.env.ANSFLOW_E2E_GREP;
  if (grep) mocha.grep(new RegExp(grep));
  // *.trust.e2e.js need an untrusted folder (runE2E --trust) and run only there.
  const trustRun = process.env.ANSFLOW_E2E_TRUST === '1';
  const files = findTestFiles(__dirname).filter((f) => f.endsWith('.trust.e2e.js') === trustRun);
  if (files.length === 0) throw new Error(`no *.e2e.js files next to ${__dirname}`);
  for (const f of files) mocha.addFile(f);

  const results: E2eTestResult[] = [];
  const failures = await new Promise<number>((resolve, reject) => {
    try {
      const runner = mocha.run((n) => resolve(n));
      const firstFailures = new Map<string, string>();
      runner.on('retry', (t, err: Error) => firstFailures.set(t.fullTitle(), String(err?.stack ?? err)));
      runner.on('pass', (t) => {
        const flaky = firstFailures.get(t.fullTitle());
        results.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration, ...(flaky ? { flaky } : {}) });
      });
      runner.on('pending', (t) => results.push({ title: t.fullTitle(), state: 'pending' }));
      runner.on('fail', (t, err: Error) =>
        results.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration, error: String(err?.stack ?? err) }),
      );
    } catch (e) {
      reject(e);
    }
  });
  const resultsFile = process.env.ANSFLOW_E2E_RESULTS;
  if (resultsFile) writeFileSync(resultsFile, JSON.stringify({ failures, results }, null, 2));
  for (const r of results) console.log(`[e2e] ${r.state.padEnd(7)} ${r.title}${r.error ? `\n${r.error}` : ''}${r.flaky ? `\n  FLAKY, failed first with: ${r.flaky}` : ''}`);
  if (failures > 0) throw new Error(`${failures} e2e test(s) failed`);
}
