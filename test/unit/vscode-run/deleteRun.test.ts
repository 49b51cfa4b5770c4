// (unit) Delete Run over the real run store: it removes only a run the history knows, never a path
// built from an arbitrary id (a command argument is untrusted input).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPipeline, RunStore } from '../../../src/core/runner/index.js';
import { createEngine } from '../../../src/vscode/run/engineAdapter.js';
import { pipeline, sh } from '../core/runner/helpers/pipelines.js';

test('(unit) delete run: removes a recorded run, ignores ids that are not runs (no path traversal)', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-delete-run-'));
  const root = join(ws, '.ansflow', 'runs');
  const summary = await runPipeline(pipeline([sh('a', 'echo hi')]), { workspace: ws, store: new RunStore({ root }) }).done;
  mkdirSync(join(ws, 'src'));
  writeFileSync(join(ws, 'src', 'keep.txt'), 'user file\n');
  const h = createEngine({ maxRuns: () => 50 }).history(ws);
  assert.ok(h.get(summary.runId));

  for (const bad of ['..', '../..', '../../src', '', 'no-such-run']) h.delete(bad);
  assert.ok(existsSync(join(ws, 'src', 'keep.txt')), 'a file outside the run store was deleted');
  assert.ok(existsSync(root), 'the run store itself was deleted');
  assert.ok(h.get(summary.runId), 'an unrelated run was deleted');

  h.delete(summary.runId);
  assert.equal(h.get(summary.runId), undefined);
  assert.equal(h.list(10).length, 0);
});

test('(unit) RunStore.deleteRun: ignores ids that are not listed runs (no path traversal)', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-delete-store-'));
  const store = new RunStore({ root: join(ws, '.ansflow', 'runs') });
  const summary = await runPipeline(pipeline([sh('a', 'echo hi')]), { workspace: ws, store }).done;
  writeFileSync(join(ws, 'keep.txt'), 'user file\n');
  for (const bad of ['..', '../..', 'no-such-run']) store.deleteRun(bad);
  assert.ok(existsSync(join(ws, 'keep.txt')));
  assert.ok(existsSync(store.runDir(summary.runId)));
  store.deleteRun(summary.runId);
  assert.ok(!existsSync(store.runDir(summary.runId)));
  assert.equal(store.readIndex().length, 0);
});
