// (unit) The editor's engine adapter records each run it starts and each approval decision in the audit trail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../../src/vscode/run/engineAdapter.js';
import { AuditLog } from '../../../src/core/observability/audit/index.js';

test('(unit) editor runs: the engine adapter appends the approval decision and the run with its id', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-engine-audit-'));
  try {
    const file = join(ws, 'gate.ansflow.yaml');
    const text = 'version: 1\nname: gate\nsteps:\n  ask:\n    type: approval\n    with:\n      message: go?\n  after:\n    type: shell\n    needs: [ask]\n    with:\n      run: echo done\n';
    writeFileSync(file, text);
    const log = new AuditLog({ file: join(ws, 'audit.jsonl'), source: 'editor', user: 'ed' });
    const engine = createEngine({ maxRuns: () => 10, audit: () => log });
    const parsed = engine.parse(text, file, () => undefined);
    const handle = engine.start(parsed, {
      file,
      trigger: 'editor',
      params: {},
      dryRun: false,
      secret: async () => undefined,
      approve: async () => ({ decision: 'rejected', by: 'ed' }),
      concurrency: 2,
      workspaceRoot: ws,
    });
    await handle.done;
    // The run record is written right after `done` settles.
    for (let i = 0; i < 100 && log.read().length < 2; i++) await new Promise((r) => setImmediate(r));
    assert.deepEqual(
      log.read().map((r) => [r.source, r.action, r.target.object, r.result, r.runId === handle.runId]),
      [
        ['editor', 'approval', 'ask', 'rejected', true],
        ['editor', 'pipeline-run', 'gate', 'failed', true],
      ],
    );
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});

test("(unit) editor runs: the approve callback gets the run id (the pending-approvals registry keys on it); a rejection's comment reaches the audit detail", async () => {
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-engine-audit-'));
  try {
    const file = join(ws, 'gate.ansflow.yaml');
    const text = 'version: 1\nname: gate\nsteps:\n  ask:\n    type: approval\n    with:\n      message: go?\n';
    writeFileSync(file, text);
    const log = new AuditLog({ file: join(ws, 'audit.jsonl'), source: 'editor', user: 'ed' });
    const engine = createEngine({ maxRuns: () => 10, audit: () => log });
    const seen: string[] = [];
    const handle = engine.start(engine.parse(text, file, () => undefined), {
      file,
      trigger: 'editor',
      params: {},
      dryRun: false,
      secret: async () => undefined,
      approve: async (_step, _message, _approvers, _timeout, _signal, runId) => {
        seen.push(runId);
        return { decision: 'rejected', by: 'ann', comment: 'not on a Friday' };
      },
      concurrency: 2,
      workspaceRoot: ws,
    });
    await handle.done;
    assert.deepEqual(seen, [handle.runId]);
    const approval = log.read().find((r) => r.action === 'approval');
    assert.equal(approval?.detail, 'by ann: rejected by ann: not on a Friday');
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});
