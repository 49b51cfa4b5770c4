// ProcessRequest.createFile (a step's outputs file): through every launch path the file exists,
// empty and 0600, when the process starts (an existing one is emptied: the runner hands a name an
// earlier attempt left empty on to the next); what the process writes is kept; a link planted at
// the path is not followed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess, type ProcessOutcome, type ProcessRequest } from '../../../../src/core/process/index.js';
import { ensureNativeHelper } from './nativeHelperBuild.js';

// The default helper is the C one only once it is built (runProcess.test.ts checks that it is chosen).
ensureNativeHelper();

const PATHS = [
  { name: 'direct spawn', preferForkHelper: false, helper: undefined },
  { name: 'fork helper (the C one when built)', preferForkHelper: true, helper: undefined },
  { name: 'fork helper, Python', preferForkHelper: true, helper: 'python' },
  { name: 'fork helper, Perl', preferForkHelper: true, helper: 'perl' },
] as const;

function run(via: (typeof PATHS)[number], req: ProcessRequest): Promise<ProcessOutcome> {
  const before = process.env.ANSFLOW_FORK_HELPER;
  if (via.helper === undefined) delete process.env.ANSFLOW_FORK_HELPER;
  else process.env.ANSFLOW_FORK_HELPER = via.helper;
  try {
    return runProcess({ preferForkHelper: via.preferForkHelper, ...req });
  } finally {
    if (before === undefined) delete process.env.ANSFLOW_FORK_HELPER;
    else process.env.ANSFLOW_FORK_HELPER = before;
  }
}

function sh(script: string, file: string): ProcessRequest {
  return { command: 'bash', args: ['-c', script], env: { PATH: process.env.PATH, F: file }, capture: true, createFile: file };
}

for (const via of PATHS) {
  test(`(unit) runProcess [${via.name}]: createFile is there, empty and 0600, when the process starts; written, it is kept`, async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ansflow-createfile-')), 'step-1.out');
    const o = await run(via, sh('stat -c "%a %s" "$F"; echo v=1 >> "$F"', file));
    assert.equal(o.kind === 'exited' && o.stdout, '600 0\n');
    assert.equal(readFileSync(file, 'utf8'), 'v=1\n');
  });

  test(`(unit) runProcess [${via.name}]: an existing createFile is emptied before the process starts, and left in place`, async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ansflow-createfile-')), 'step-1.out');
    writeFileSync(file, 'stale=1\n', { mode: 0o600 });
    const o = await run(via, sh('test -f "$F" && test ! -s "$F"', file));
    assert.deepEqual(o.kind === 'exited' && o.exitCode, 0, 'the file was there and empty');
    assert.equal(readFileSync(file, 'utf8'), '');
  });

  test(`(unit) runProcess [${via.name}]: a link planted at createFile is not followed`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ansflow-createfile-'));
    const target = join(dir, 'target');
    writeFileSync(target, 'keep me\n');
    const file = join(dir, 'step-1.out');
    symlinkSync(target, file);
    await run(via, sh('true', file));
    assert.equal(readFileSync(target, 'utf8'), 'keep me\n');
  });
}
