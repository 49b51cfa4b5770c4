// (unit) The Runs view's artifact rows come from the engine's history port: each step lists its kept
// files, and a path is handed out only for a listed run and a key inside its folder (the tree node
// reaches the open / reveal / save-as commands as an untrusted argument).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPipeline, RunStore } from '../../../src/core/runner/index.js';
import { createEngine } from '../../../src/vscode/run/engineAdapter.js';
import { pipeline, sh } from '../core/runner/helpers/pipelines.js';

test('(unit) runs view history: steps list their artifacts; artifactPath answers only for a kept file of a listed run', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-artifacts-view-'));
  const root = join(ws, '.ansflow', 'runs');
  const summary = await runPipeline(pipeline([sh('build', 'mkdir -p out && echo report > out/report.txt', { artifacts: ['out/*.txt'] })]), { workspace: ws, store: new RunStore({ root }) }).done;
  const h = createEngine({ maxRuns: () => 50 }).history(ws);
  const step = h.get(summary.runId)!.steps[0]!;
  assert.deepEqual(step.artifacts, [{ path: 'out/report.txt', size: 7, stored: 'artifacts/build/out/report.txt' }]);
  assert.equal(readFileSync(h.artifactPath(summary.runId, step.artifacts![0]!.stored)!, 'utf8'), 'report\n');
  for (const [runId, stored] of [
    [summary.runId, 'artifacts/build/../../../../etc/passwd'],
    [summary.runId, '../index.jsonl'],
    [summary.runId, 'artifacts/build/out/missing.txt'],
    ['..', 'artifacts/build/out/report.txt'],
    [summary.runId.slice(0, 8), 'artifacts/build/out/report.txt'],
  ] as const) assert.equal(h.artifactPath(runId, stored), undefined, `${runId} ${stored}`);
});
