// A step's log file is created only when the step prints: a silent step costs no file (an open, a
// close and an inode per step on big runs), and reading its log answers "none written".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePipeline } from '../../../../../src/core/pipeline/index.js';
import { RunHistory, RunStore, runPipeline } from '../../../../../src/core/runner/index.js';

const pipeline = `version: 1
steps:
  silent:
    type: shell
    with: { run: 'true;' }
  direct:
    type: shell
    with: { run: 'true' }
  talks:
    type: shell
    needs: [silent, direct]
    with: { run: 'echo hello' }
`;

test('(unit) run store: only a step that prints gets a log file; a silent one reads as no log written', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-lazylog-'));
  const store = new RunStore({ root: join(ws, '.ansflow', 'runs') });
  const h = runPipeline(parsePipeline(pipeline), { workspace: ws, store });
  const s = await h.done;
  assert.equal(s.status, 'success');
  assert.deepEqual(readdirSync(join(store.runDir(h.runId), 'logs')), ['talks.log']);
  const history = new RunHistory(store);
  assert.equal(history.readLog(h.runId, 'talks'), 'hello\n');
  assert.equal(history.readLog(h.runId, 'silent'), undefined);
});
