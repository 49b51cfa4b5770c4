// ProcessRequest.createFile (a step's outputs file): through every launch path the file exists,
// empty and 0600, when the process starts; the helpers remove it after the exit when the process
// left it empty and keep what was written; a link planted at the path is not followed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess, type ProcessOutcome, type ProcessRequest } from '../../../../src/core/process/index.js';

const PATHS = [
  { name: 'direct spawn', preferForkHelper: false, helper: undefined },
  { name: 'fork helper, Python', preferForkHelper: true, helper: undefined },
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

  test(`(unit) runProcess [${via.name}]: a createFile the process left empty is gone once the outcome is in (the helpers remove it themselves)`, async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ansflow-createfile-')), 'step-1.out');
    const o = await run(via, sh('test -f "$F" && test ! -s "$F"', file));
    assert.deepEqual(o.kind === 'exited' && o.exitCode, 0, 'the file was there and empty');
    // The direct spawn leaves the removal to its caller (the runner's attempt loop), as before.
    assert.equal(existsSync(file), via.preferForkHelper ? false : true);
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
