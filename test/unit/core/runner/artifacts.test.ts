// Issue 11 item 5: `artifacts:` keeps the matching files with the run record (globs relative to
// the working directory, a size limit, never through a link out of the workspace), lists them in
// history and logs, and hands them to the steps that need the producer under $ANSFLOW_ARTIFACTS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunHistory, RunStore, runPipeline } from '../../../../src/core/runner/index.js';
import { encodeFileName, encodeRelativePath } from '../../../../src/core/runner/artifacts/encodeFileName.js';
import { runCli } from '../../../../src/cli/runCli.js';
import { memoryIO } from '../../helpers/memoryIO.js';
import { pipeline, sh } from './helpers/pipelines.js';

function setup() {
  const root = mkdtempSync(join(tmpdir(), 'ansflow-artifacts-'));
  const dir = join(root, 'ws');
  mkdirSync(dir);
  const store = new RunStore({ root: join(dir, '.ansflow', 'runs') });
  return { root, dir, store, history: new RunHistory(store) };
}

const BUILD = 'mkdir -p dist/sub && echo app > dist/app.js && echo x > dist/sub/x.txt && echo w > "dist/we ird?.txt" && echo not-kept > other.txt';

test('(unit) artifacts: kept with the run (globs from workingDirectory), listed in history, handed to steps that need the producer', async () => {
  const { dir, store, history } = setup();
  mkdirSync(join(dir, 'app'));
  const p = pipeline(
    [
      sh('build', BUILD, { workingDirectory: 'app', artifacts: ['dist/**', 'notes/missing.md'] }),
      sh('deploy', 'cat "$ANSFLOW_ARTIFACTS/build/dist/app.js" "$ANSFLOW_ARTIFACTS/build/dist/sub/x.txt" > got.txt', { needs: ['build'] }),
      sh('unrelated', 'ls "$ANSFLOW_ARTIFACTS" > unrelated.txt'),
    ],
    { file: join(dir, 'p.ansflow.yaml') },
  );
  const s = await runPipeline(p, { workspace: dir, store }).done;
  assert.equal(s.status, 'success', JSON.stringify(s.steps));
  assert.equal(readFileSync(join(dir, 'got.txt'), 'utf8'), 'app\nx\n');
  // Only producers a step needs are in its folder.
  assert.equal(readFileSync(join(dir, 'unrelated.txt'), 'utf8'), '');

  const build = history.getRun(s.runId)!.steps.find((x) => x.step === 'build')!;
  assert.deepEqual(build.artifacts!.map((a) => a.path).sort(), ['dist/app.js', 'dist/sub/x.txt', 'dist/we ird?.txt']);
  assert.deepEqual(build.artifactsSkipped, [{ path: 'notes/missing.md', reason: 'not found' }]);
  const weird = build.artifacts!.find((a) => a.path === 'dist/we ird?.txt')!;
  assert.equal(weird.stored, 'artifacts/build/dist/we%20ird%3F.txt', 'stored under an encoded name');
  assert.equal(readFileSync(history.artifactPath(s.runId, weird.stored)!, 'utf8'), 'w\n');
  assert.equal(history.artifactPath(s.runId, 'artifacts/build/../../../etc/passwd'), undefined);

  const h = memoryIO(dir);
  assert.equal(await runCli(['history', s.runId], h), 0);
  assert.match(h.out(), /ARTIFACT[\s\S]*build\s+dist\/app\.js\s+4 B/);
  const l = memoryIO(dir);
  assert.equal(await runCli(['logs', s.runId, 'build'], l), 0);
  assert.match(l.out(), /dist\/sub\/x\.txt/);
});

test('(unit) artifacts: never through a link out of the workspace, never outside it, and within the size limit', async () => {
  const { root, dir, store, history } = setup();
  mkdirSync(join(root, 'outside'));
  writeFileSync(join(root, 'outside', 'secret.txt'), 'outside secret');
  symlinkSync(join(root, 'outside', 'secret.txt'), join(dir, 'link.txt'));
  symlinkSync(join(root, 'outside'), join(dir, 'dirlink'));
  writeFileSync(join(dir, 'inside.txt'), 'ok');
  symlinkSync(join(dir, 'inside.txt'), join(dir, 'inlink.txt'));
  writeFileSync(join(dir, 'big.bin'), Buffer.alloc(64, 1));
  const p = pipeline([sh('keep', 'true', { artifacts: ['*.txt', 'dirlink/secret.txt', 'dirlink/*', '../outside/*', '*.bin'] })]);
  const s = await runPipeline(p, { workspace: dir, store, artifactLimits: { maxBytes: 40 } }).done;
  assert.equal(s.status, 'success');
  const rec = history.getRun(s.runId)!.steps[0]!;
  // inlink.txt resolves to inside.txt: one file, kept once.
  assert.equal(rec.artifacts!.length, 1);
  assert.equal(readFileSync(history.artifactPath(s.runId, rec.artifacts![0]!.stored)!, 'utf8'), 'ok');
  const reasons = Object.fromEntries(rec.artifactsSkipped!.map((x) => [x.path, x.reason]));
  assert.match(reasons['link.txt']!, /link that leads outside/);
  assert.match(reasons['dirlink/secret.txt']!, /outside the workspace/);
  assert.match(reasons['dirlink/*']!, /outside the workspace/);
  assert.match(reasons['../outside/*']!, /outside the workspace/);
  assert.match(reasons['big.bin']!, /limit/);
  for (const a of rec.artifacts!) assert.ok(!readFileSync(history.artifactPath(s.runId, a.stored)!, 'utf8').includes('outside secret'));
  assert.match(history.readLog(s.runId, 'keep')!, /artifact 'link\.txt' not kept/);
});

test('(unit) artifacts: reused with a step taken from an earlier run (--from), still handed to dependents', async () => {
  const { dir, store, history } = setup();
  const mk = () =>
    pipeline([sh('build', 'mkdir -p dist && date +%s%N > dist/app.js', { artifacts: ['dist/app.js'] }), sh('deploy', 'cp "$ANSFLOW_ARTIFACTS/build/dist/app.js" deployed.txt', { needs: ['build'] })], {
      file: join(dir, 'p.ansflow.yaml'),
    });
  const first = await runPipeline(mk(), { workspace: dir, store }).done;
  const builtFirst = readFileSync(join(dir, 'dist', 'app.js'), 'utf8');
  writeFileSync(join(dir, 'dist', 'app.js'), 'changed in the workspace since');
  const again = await runPipeline(mk(), { workspace: dir, store, from: 'deploy' }).done;
  assert.equal(again.status, 'success', JSON.stringify(again.steps));
  assert.equal(again.steps[0]!.status, 'up-to-date');
  assert.equal(readFileSync(join(dir, 'deployed.txt'), 'utf8'), builtFirst, 'the artifact of the reused run, not the workspace file');
  const rec = history.getRun(again.runId)!.steps.find((x) => x.step === 'build')!;
  assert.equal(rec.artifacts!.length, 1);
  assert.ok(history.artifactPath(again.runId, rec.artifacts![0]!.stored), 'copied into the new run');
  assert.notEqual(first.runId, again.runId);
});

test('(unit) artifacts: a secret in a path or a step key is masked in the record and in the stored names', async () => {
  const { dir, store, history } = setup();
  const p = pipeline([sh('leak', 'echo x > "tok-$TOKEN.txt"', { env: { TOKEN: '${{ secrets.TOKEN }}' }, artifacts: ['*.txt'], matrix: { axes: { k: ['s3cr3tvalue'] }, include: [], exclude: [], failFast: true, range: { start: 0, end: 0 } } })], { secrets: [{ name: 'TOKEN', source: { kind: 'env', variable: 'AF_TEST_TOKEN' }, required: true, range: { start: 0, end: 0 }, nameRange: { start: 0, end: 0 } }] as never });
  const s = await runPipeline(p, { workspace: dir, store, secrets: { resolve: async () => 's3cr3tvalue' } }).done;
  assert.equal(s.status, 'success', JSON.stringify(s));
  const rec = history.getRun(s.runId)!.steps[0]!;
  assert.equal(rec.artifacts!.length, 1);
  assert.ok(!JSON.stringify(rec.artifacts).includes('s3cr3tvalue'));
  assert.ok(!readFileSync(join(store.runDir(s.runId), 'run.jsonl'), 'utf8').includes('s3cr3tvalue'));
  // The step key (a matrix value) is part of the folder name: masked before it is encoded.
  const onDisk = readdirSync(join(store.runDir(s.runId), 'artifacts'), { recursive: true }).join('\n');
  assert.ok(onDisk.length > 0 && !onDisk.includes('s3cr3tvalue') && !onDisk.includes('s3cr3t'), onDisk);
});

test('(unit) encodeFileName: no separators, no dot names, bounded length, ordinary names unchanged', () => {
  assert.equal(encodeFileName('app.js'), 'app.js');
  assert.equal(encodeFileName('..'), '%2E%2E');
  assert.equal(encodeFileName('.'), '%2E');
  assert.equal(encodeFileName('a/b\\c'), 'a%2Fb%5Cc');
  assert.equal(encodeFileName('nul\u0000'), 'nul%00');
  assert.equal(encodeFileName('test[os=linux]'), 'test%5Bos=linux%5D');
  const long = encodeFileName('x'.repeat(300));
  assert.ok(long.length <= 120 && long !== encodeFileName(`${'x'.repeat(299)}y`));
  assert.equal(encodeRelativePath('../a/./b'), '%2E%2E/a/%2E/b');
});
