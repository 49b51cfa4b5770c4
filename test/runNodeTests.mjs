// Runs node's test runner over every *.test.ts under the given folder (Node 20 has no glob support).
// A file that reports no test at all fails the run: an empty file would otherwise count as a pass.
// Usage: node test/runNodeTests.mjs <dir> [extra node --test flags…]
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';

const [dir, ...flags] = process.argv.slice(2);
const files = [];
(function walk(d) {
  for (const name of readdirSync(d).sort()) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.ts')) files.push(p);
  }
})(dir);
if (files.length === 0) {
  console.error(`no tests under ${dir}`);
  process.exit(1);
}
const countsDir = mkdtempSync(join(tmpdir(), 'ansflow-test-counts-'));
const countsFile = join(countsDir, 'counts.json');
const reporters = [
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  `--test-reporter=${new URL('./countTestsReporter.mjs', import.meta.url).href}`,
  `--test-reporter-destination=${countsFile}`,
];
// Audit records of the CLI runs and actions under test go to this run's temp folder, never the user's own audit log.
// So does every temp folder a test makes (os.tmpdir() reads TMPDIR): removed with the run, so runs do not pile
// folders up in the system's temp folder (whose size the runner's stale-folder sweep and the benches then feel).
const scratch = join(countsDir, 'tmp');
mkdirSync(scratch);
const env = { ...process.env, ANSFLOW_AUDIT_FILE: process.env.ANSFLOW_AUDIT_FILE || join(countsDir, 'audit.jsonl'), TMPDIR: scratch };
const child = spawn(process.execPath, ['--import', 'tsx', '--test', ...reporters, ...flags, ...files], { stdio: 'inherit', env });
child.on('exit', (code, signal) => {
  const empty = signal ? [] : filesWithoutTests();
  rmSync(countsDir, { recursive: true, force: true });
  if (empty.length > 0) {
    console.error(`\n${empty.length} test file(s) declare no test (delete them or add tests):`);
    for (const file of empty) console.error(`  ${file}`);
    process.exit(1);
  }
  process.exit(signal ? 1 : code ?? 1);
});

/** Files of this run that reported no test (all of them when the counts are missing). */
function filesWithoutTests() {
  let counts;
  try {
    counts = JSON.parse(readFileSync(countsFile, 'utf8'));
  } catch {
    return [`(no test counts were written to ${countsFile})`];
  }
  return files.filter((file) => !(counts[resolve(file)] > 0));
}
