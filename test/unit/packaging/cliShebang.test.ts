import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..', '..');

/** The CLI bundle's first line, as esbuild.mjs writes it. */
function cliBanner(): string {
  const m = /banner: \{ js: '([^']*)' \}/.exec(readFileSync(join(root, 'esbuild.mjs'), 'utf8'));
  assert.ok(m, 'esbuild.mjs has a banner for the CLI');
  return m[1]!;
}

test('CLI shebang: an executable file with it runs node with the flags it names', { skip: process.platform === 'win32' }, () => {
  const banner = cliBanner();
  const flags = /^#!\/usr\/bin\/env (?:-S )?node(.*)$/.exec(banner)?.[1]?.split(' ').filter(Boolean);
  assert.ok(flags, `a node shebang: ${banner}`);
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-shebang-'));
  try {
    const file = join(dir, 'cli.js');
    writeFileSync(file, `${banner}\nprocess.stdout.write(JSON.stringify(process.execArgv));\n`);
    chmodSync(file, 0o755);
    // Executed as a user would run `ansflow`: the kernel and env parse the line, node rejects unknown flags.
    // The timeout only ends a broken line's endless re-exec (env without -S looked the whole line up on PATH).
    const execArgv = JSON.parse(execFileSync(file, { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' })) as string[];
    assert.deepEqual(execArgv, flags);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
