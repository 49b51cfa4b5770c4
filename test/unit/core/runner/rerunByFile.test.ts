// Issue 11 item 9: `--from` / `--rerun-failed` pick the earlier run by pipeline file, so two files
// that share a `name:` never reuse each other's outputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunStore, runPipeline } from '../../../../src/core/runner/index.js';
import { pipeline, sh } from './helpers/pipelines.js';

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
