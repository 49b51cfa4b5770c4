// At run time (not only in the parser): `failFast` of the run and of a matrix stops what has not
// started; a `file:` secret is read when the run starts and masked in every sink, including the
// cache table's outputs and step-progress messages and details.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvFileSecretProvider, RunStore, runPipeline } from '../../../../src/core/runner/index.js';
import { shellStepType } from '../../../../src/core/runner/steps/local/shell.js';
import type { StepType } from '../../../../src/core/contracts/StepType.js';
import type { RunEvent } from '../../../../src/core/contracts/events.js';
import type { MatrixSpec } from '../../../../src/core/pipeline/model.js';
import { runCli } from '../../../../src/cli/runCli.js';
import { memoryIO } from '../../helpers/memoryIO.js';
import { pipeline, sh, step } from './helpers/pipelines.js';

const R = { start: 0, end: 0 };
const ws = () => mkdtempSync(join(tmpdir(), 'ansflow-failfast-'));
const allFiles = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? allFiles(join(dir, n)) : [join(dir, n)]));

test('(unit) runtime failFast: a failed step cancels the steps not yet started; without it they run', async () => {
  const p = () => pipeline([sh('bad', 'exit 3'), sh('later', 'true'), sh('last', 'true')]);
  const fast = await runPipeline(p(), { workspace: ws(), concurrency: 1, failFast: true }).done;
  const st = (s: typeof fast, k: string) => s.steps.find((x) => x.step === k)!;
  assert.equal(fast.status, 'failed');
  for (const k of ['later', 'last']) {
    assert.equal(st(fast, k).status, 'cancelled', `${k}: ${JSON.stringify(st(fast, k))}`);
    assert.match(st(fast, k).reason ?? '', /earlier step failed \(failFast\)/);
  }
  const slow = await runPipeline(p(), { workspace: ws(), concurrency: 1 }).done;
  assert.deepEqual(['later', 'last'].map((k) => st(slow, k).status), ['success', 'success']);
});

test('(unit) runtime matrix failFast: a failed instance cancels its unstarted siblings; failFast: false runs them all', async () => {
  const matrix = (failFast: boolean): MatrixSpec => ({ axes: { k: ['1', '2', '3'] }, include: [], exclude: [], maxParallel: 1, failFast, range: R });
  const run = (failFast: boolean) => runPipeline(pipeline([sh('m', '[ "$MATRIX_K" != 1 ]', { matrix: matrix(failFast) }), sh('other', 'true')]), { workspace: ws() }).done;
  const fast = await run(true);
  const inst = (s: typeof fast) => s.steps.filter((x) => x.step.startsWith('m'));
  assert.equal(inst(fast).length, 3, JSON.stringify(fast.steps));
  assert.equal(inst(fast).filter((x) => x.status === 'failed').length, 1);
  const cancelled = inst(fast).filter((x) => x.status === 'cancelled');
  assert.equal(cancelled.length, 2, JSON.stringify(inst(fast)));
  for (const c of cancelled) assert.match(c.reason ?? '', /matrix sibling .* failed \(failFast\)/);
  assert.equal(fast.steps.find((x) => x.step === 'other')!.status, 'success', 'failFast of a matrix stops only its own siblings');
  const all = await run(false);
  assert.deepEqual(inst(all).map((x) => x.status).sort(), ['failed', 'success', 'success']);
});

const SECRET = 'file-secret-7c1d93ab52';

test('(unit) a file: secret is read at run time and masked in events, logs, outputs, the cache table and progress message and detail', async () => {
  const dir = ws();
  writeFileSync(join(dir, 'tok.txt'), `${SECRET}\n`);
  writeFileSync(join(dir, 'in.txt'), 'in');
  const progressing: StepType = {
    type: 'progressing',
    run: async (ctx) => {
      ctx.progress(`logging in with ${ctx.secrets.TOK ?? 'nothing'}`, 0.5, { task: { password: ctx.secrets.TOK, nested: [`x-${ctx.secrets.TOK}-y`] } });
      return { exitCode: 0 };
    },
  };
  const p = () =>
    pipeline(
      [
        sh('use', 'echo "seen $T"; echo "tok=$T" >> "$ANSFLOW_OUTPUT"; cp in.txt out.txt', { env: { T: '${{ secrets.TOK }}' }, cache: { sources: ['in.txt'], generates: ['out.txt'] } }),
        sh('after', 'echo "got ${{ steps.use.outputs.tok }}"', { needs: ['use'] }),
        step('prog', { type: 'progressing' }),
      ],
      { secrets: [{ name: 'TOK', source: { kind: 'file', path: 'tok.txt' }, required: true, range: R, nameRange: R }] as never },
    );
  const root = join(dir, '.ansflow', 'runs');
  const store = new RunStore({ root });
  const secrets = new EnvFileSecretProvider({ env: {}, baseDir: dir });
  const events: RunEvent[] = [];
  const runOnce = async () => {
    const h = runPipeline(p(), { workspace: dir, store, secrets, stepTypes: new Map([['progressing', progressing], ['shell', shellStepType]]), logBatchMs: 5 });
    h.onEvent((e) => events.push(e));
    return h.done;
  };
  const first = await runOnce();
  assert.equal(first.status, 'success', JSON.stringify(first.steps));
  // The value really was read (the shell saw it, masked): not an empty secret that masks nothing.
  const logs = events.filter((e) => e.type === 'step-log').map((e) => (e as { text: string }).text).join('');
  assert.match(logs, /seen \*\*\*/);
  const progress = events.find((e) => e.type === 'step-progress');
  assert.ok(progress && progress.type === 'step-progress');
  assert.equal(progress.message, 'logging in with ***');
  assert.deepEqual(progress.detail, { task: { password: '***', nested: ['x-***-y'] } });
  const cache = JSON.stringify(store.readCache());
  assert.match(cache, /"tok":"\*\*\*"/, `the cache entry keeps the output, masked: ${cache}`);
  // The second run takes `use` from the cache: what it hands on is the masked value.
  const second = await runOnce();
  assert.equal(second.steps.find((s) => s.step === 'use')!.status, 'up-to-date');
  assert.ok(!JSON.stringify(events).includes(SECRET), 'an event holds the secret');
  assert.ok(!JSON.stringify([first, second]).includes(SECRET), 'a summary holds the secret');
  for (const f of allFiles(root)) assert.ok(!readFileSync(f, 'utf8').includes(SECRET), `${f} holds the secret`);
});

test('(unit) ansflow run: a file: secret never reaches the terminal', async () => {
  const dir = ws();
  writeFileSync(join(dir, 'tok.txt'), SECRET);
  writeFileSync(
    join(dir, 'p.ansflow.yaml'),
    'version: 1\nname: filesecret\nsecrets:\n  TOK: { from: file, path: tok.txt }\nsteps:\n  a:\n    type: shell\n    env: { T: "${{ secrets.TOK }}" }\n    with: { run: \'echo "seen $T"; echo "$T" >&2\' }\n',
  );
  const io = memoryIO(dir, { PATH: process.env.PATH });
  const code = await runCli(['run', 'p.ansflow.yaml'], io);
  assert.equal(code, 0, io.err());
  assert.match(io.out(), /seen \*\*\*/);
  assert.ok(!(io.out() + io.err()).includes(SECRET));
});
