// Issue 11 item 9: `--from` / `--rerun-failed` pick the earlier run by pipeline file, so two files
// that share a `name:` never reuse each other's outputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunStore, runPipeline } from '../../../../src/core/runner/index.js';
import { pipeline, sh } from './helpers/pipelines.js';
import { runCli } from '../../../../src/cli/runCli.js';
import { memoryIO } from '../../helpers/memoryIO.js';

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-rerun-file-'));
  return { dir, store: new RunStore({ root: join(dir, '.ansflow', 'runs') }) };
}

/** Two steps: `build` publishes which file it came from, `deploy` echoes what it got. */
function twoStep(dir: string, fileName: string, buildRun: string) {
  return pipeline(
    [sh('build', buildRun), sh('deploy', 'echo "got=${{ steps.build.outputs.origin }}" >> "$ANSFLOW_OUTPUT"', { needs: ['build'] })],
    { name: 'same-name', file: join(dir, fileName) },
  );
}

test('(unit) --from reuses outputs from the last run of the same pipeline file, not of another file with the same name', async () => {
  const { dir, store } = setup();
  const a = twoStep(dir, 'a.ansflow.yaml', 'echo "origin=A" >> "$ANSFLOW_OUTPUT"');
  const b = twoStep(dir, 'b.ansflow.yaml', 'echo "origin=B" >> "$ANSFLOW_OUTPUT"');
  assert.equal((await runPipeline(a, { workspace: dir, store }).done).status, 'success');
  // b runs last: a lookup by name alone would pick this run for a's --from.
  assert.equal((await runPipeline(b, { workspace: dir, store }).done).status, 'success');

  const again = await runPipeline(a, { workspace: dir, store, from: 'deploy' }).done;
  assert.equal(again.status, 'success');
  assert.equal(again.steps.find((s) => s.step === 'build')!.status, 'up-to-date');
  assert.equal(again.steps.find((s) => s.step === 'deploy')!.outputs.got, 'A');
});

test('(unit) --from with no earlier run of this file reruns the earlier steps instead of borrowing another file’s', async () => {
  const { dir, store } = setup();
  const a = twoStep(dir, 'a.ansflow.yaml', 'echo "origin=A" >> "$ANSFLOW_OUTPUT"');
  const b = twoStep(dir, 'b.ansflow.yaml', 'echo "origin=B" >> "$ANSFLOW_OUTPUT"');
  await runPipeline(b, { workspace: dir, store }).done;
  const s = await runPipeline(a, { workspace: dir, store, from: 'deploy' }).done;
  assert.equal(s.steps.find((x) => x.step === 'build')!.status, 'success');
  assert.equal(s.steps.find((x) => x.step === 'deploy')!.outputs.got, 'A');
});

test('(unit) --rerun-failed refuses a run of another pipeline file with the same name', async () => {
  const { dir, store } = setup();
  const a = twoStep(dir, 'a.ansflow.yaml', 'echo "origin=A" >> "$ANSFLOW_OUTPUT"');
  const bFails = pipeline([sh('build', 'echo "origin=B" >> "$ANSFLOW_OUTPUT"'), sh('deploy', 'exit 1', { needs: ['build'] })], { name: 'same-name', file: join(dir, 'b.ansflow.yaml') });
  const failed = await runPipeline(bFails, { workspace: dir, store }).done;
  assert.equal(failed.status, 'failed');
  const s = await runPipeline(a, { workspace: dir, store, rerunFailed: failed.runId }).done;
  assert.equal(s.status, 'failed');
  assert.match(s.error ?? '', /b\.ansflow\.yaml/);
  assert.ok(!s.steps.some((x) => x.outputs.got === 'B'), 'no output of the other file was reused');
});

test('(unit) ansflow run --rerun-failed with a run of another file (same name) is a usage error: exit 2, no run recorded', async () => {
  const { dir } = setup();
  const text = (origin: string, deploy: string) => `version: 1
name: same-name
steps:
  build:
    type: shell
    with:
      run: echo "origin=${origin}" >> "$ANSFLOW_OUTPUT"
  deploy:
    type: shell
    needs: build
    with:
      run: ${deploy}
`;
  writeFileSync(join(dir, 'a.ansflow.yaml'), text('A', 'echo ok'));
  writeFileSync(join(dir, 'b.ansflow.yaml'), text('B', 'exit 1'));
  const b = memoryIO(dir, { PATH: process.env.PATH });
  assert.equal(await runCli(['run', 'b.ansflow.yaml'], b), 1);
  const h = memoryIO(dir);
  await runCli(['history', '--json'], h);
  const [bRun] = JSON.parse(h.out()) as Array<{ runId: string }>;

  const a = memoryIO(dir, { PATH: process.env.PATH });
  assert.equal(await runCli(['run', 'a.ansflow.yaml', '--rerun-failed', bRun!.runId], a), 2, a.err());
  assert.match(a.err(), /b\.ansflow\.yaml/);
  const none = memoryIO(dir, { PATH: process.env.PATH });
  assert.equal(await runCli(['run', 'a.ansflow.yaml', '--from', 'nosuch'], none), 2, none.err());
  assert.match(none.err(), /no step 'nosuch'/);
  const after = memoryIO(dir);
  await runCli(['history', '--json'], after);
  assert.equal(JSON.parse(after.out()).length, 1, 'no run was recorded for the refused commands');
});
