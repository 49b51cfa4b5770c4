// The CLI on hostile input (issue 11, "Bad input"): clear one-line refusals with the right exit
// codes, no stack traces, and a memory bound measured in a child process for every corpus file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from '../../../src/cli/runCli.js';
import { memoryIO } from '../helpers/memoryIO.js';
import { hostileCorpus, longId } from '../core/pipeline/hostile/hostileCorpus.js';

const ROOT = resolve(__dirname, '../../..');

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'ansflow-hostile-cli-'));
}

test('(unit) hostile cli: run on a folder is a usage error (exit 2) with a clear message', async () => {
  const dir = tempDir();
  try {
    const io = memoryIO(dir);
    assert.equal(await runCli(['run', dir, '--store', join(dir, 'store')], io), 2);
    assert.match(io.err(), /is a folder, not a pipeline file/);
    assert.doesNotMatch(io.err(), /internal error|EISDIR/);
    const plan = memoryIO(dir);
    assert.equal(await runCli(['plan', dir], plan), 2);
    assert.match(plan.err(), /is a folder/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('(unit) hostile cli: devices and oversized files are refused before reading', async () => {
  const dir = tempDir();
  try {
    const dev = memoryIO(dir);
    assert.equal(await runCli(['validate', '/dev/zero'], dev), 1);
    assert.match(dev.out(), /not a regular file/);
    const run = memoryIO(dir);
    assert.equal(await runCli(['run', '/dev/zero', '--store', join(dir, 'store')], run), 2);
    assert.match(run.err(), /not a regular file/);

    const file = join(dir, 'p.ansflow.yaml');
    writeFileSync(file, `version: 1\nsteps:\n  a: {type: shell, with: {run: echo ${'x'.repeat(4000)}}}\n`);
    const small = memoryIO(dir, { ...process.env, ANSFLOW_MAX_FILE_SIZE: '2k' });
    assert.equal(await runCli(['validate', file, '--format', 'json'], small), 1);
    const [result] = JSON.parse(small.out()) as Array<{ diagnostics: Array<{ code: string; message: string }> }>;
    assert.equal(result!.diagnostics[0]!.code, 'too-large');
    assert.match(result!.diagnostics[0]!.message, /larger than 2 KB.*ANSFLOW_MAX_FILE_SIZE/);
    const ok = memoryIO(dir);
    assert.equal(await runCli(['validate', file], ok), 0, 'the default limit (10 MB) lets it through');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('(unit) hostile cli: invalid UTF-8 is reported at the first bad byte', async () => {
  const dir = tempDir();
  try {
    const file = join(dir, 'p.ansflow.yaml');
    writeFileSync(file, Buffer.concat([Buffer.from('version: 1\nsteps:\n  a:\n    type: shell\n    with:\n      run: echo '), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]));
    const io = memoryIO(dir);
    assert.equal(await runCli(['validate', file], io), 1);
    assert.match(io.out(), /p\.ansflow\.yaml:6:17: error invalid-encoding: invalid UTF-8 at byte 65 \(0xC3\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('(unit) hostile cli: a 300-character id is refused by validation; long matrix values run', async () => {
  const dir = tempDir();
  try {
    const file = join(dir, 'long.ansflow.yaml');
    writeFileSync(file, longId(300));
    const io = memoryIO(dir);
    assert.equal(await runCli(['run', file, '--store', join(dir, 'store')], io), 2);
    assert.match(io.err(), /longer than 100 characters/);
    assert.doesNotMatch(io.err(), /ENAMETOOLONG|internal error/);

    // A matrix value becomes part of the instance key; file names built from it stay bounded.
    const matrix = join(dir, 'matrix.ansflow.yaml');
    writeFileSync(matrix, `version: 1\nsteps:\n  build:\n    type: shell\n    matrix:\n      v: [${'v'.repeat(300)}]\n    with:\n      run: echo x=1 >> "$ANSFLOW_OUTPUT"\n`);
    const run = memoryIO(dir);
    assert.equal(await runCli(['run', matrix, '--store', join(dir, 'store')], run), 0, run.err() + run.out());
    assert.doesNotMatch(run.err() + run.out(), /ENAMETOOLONG|internal error/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('(unit) hostile cli: an internal error prints one error line and a --debug hint; --debug prints the stack', async () => {
  const failing = (): ReturnType<typeof memoryIO> => {
    const io = memoryIO();
    const stdout = new PassThrough();
    stdout.write = () => {
      throw new Error('boom\n    at secretFrame (x.js:1:1)');
    };
    return { ...io, stdout };
  };
  const dir = tempDir();
  try {
    const file = join(dir, 'p.ansflow.yaml');
    writeFileSync(file, 'version: 1\nsteps:\n  a: {type: shell, with: {run: x}}\n');
    const io = failing();
    assert.equal(await runCli(['validate', file, '--format', 'json'], io), 3);
    const lines = io.err().trimEnd().split('\n');
    assert.equal(lines.length, 2, io.err());
    assert.equal(lines[0], "ansflow: error: internal error in 'validate': boom");
    assert.match(lines[1]!, /^hint: .*--debug/);
    const debug = failing();
    assert.equal(await runCli(['validate', file, '--format', 'json', '--debug'], debug), 3);
    assert.match(debug.err(), /\n\s+at /, 'the stack with --debug');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('(unit) hostile cli: peak memory stays under 500 MB on every corpus file (child process)', () => {
  const dir = tempDir();
  try {
    // The wrapper prints the child's own peak RSS; a crash or a stack trace fails the case too.
    const wrapper = join(dir, 'measure.mjs');
    writeFileSync(wrapper, `process.on('exit', () => process.stderr.write('\\nmaxrss_kb=' + process.resourceUsage().maxRSS + '\\n'));\nawait import(${JSON.stringify(join(ROOT, 'src/cli/main.ts'))});\n`);
    const files: string[] = ['/dev/zero'];
    mkdirSync(join(dir, 'corpus'));
    for (const c of hostileCorpus()) {
      const f = join(dir, 'corpus', `${c.name}.ansflow.yaml`);
      writeFileSync(f, c.bytes);
      files.push(f);
    }
    const report: string[] = [];
    for (const f of files) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', wrapper, 'validate', f], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 10 * 60_000 });
      const m = /maxrss_kb=(\d+)/.exec(r.stderr ?? '');
      assert.ok(m, `${f}: no measurement (status ${r.status}, signal ${r.signal}): ${(r.stderr ?? '').slice(0, 500)}`);
      const mb = Number(m[1]) / 1024;
      report.push(`${f.split('/').pop()}: ${mb.toFixed(0)} MB, exit ${r.status}`);
      assert.ok(mb < 500, `${f}: peak RSS ${mb.toFixed(0)} MB`);
      assert.ok(r.status === 0 || r.status === 1, `${f}: exit ${r.status}: ${r.stderr.slice(0, 500)}`);
      assert.doesNotMatch(r.stderr, /\n\s+at .*\(.*:\d+:\d+\)/, `${f}: a stack trace`);
      assert.ok((r.stdout ?? '').length < 256 * 1024, `${f}: ${r.stdout.length} bytes of diagnostics`);
    }
    if (process.env.ANSFLOW_HOSTILE_REPORT) console.log(report.join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
