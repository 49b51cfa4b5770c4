// (unit) `ansflow audit` prints the shared audit file; `ansflow run` records the run and each approval decision in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/runCli.js';
import { AuditLog } from '../../../src/core/observability/audit/index.js';
import { memoryIO } from '../helpers/memoryIO.js';

const PIPELINE = `version: 1
name: gated
steps:
  build:
    type: shell
    with:
      run: echo building
  gate:
    type: approval
    needs: [build]
    with:
      message: ship it?
  ship:
    type: shell
    needs: [gate]
    with:
      run: echo shipping
`;

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-audit-cli-'));
  const file = join(dir, 'state', 'audit.jsonl');
  const env = { ...process.env, ANSFLOW_AUDIT_FILE: file };
  return { dir, file, env, done: () => rmSync(dir, { recursive: true, force: true }) };
}

test('(unit) ansflow run appends a pipeline-run record and one record per approval decision to $ANSFLOW_AUDIT_FILE', async () => {
  const s = setup();
  try {
    writeFileSync(join(s.dir, 'p.ansflow.yaml'), PIPELINE);
    const ok = memoryIO(s.dir, s.env);
    assert.equal(await runCli(['run', 'p.ansflow.yaml', '--store', 'store', '--approve', 'gate'], ok), 0, ok.err());
    const rejected = memoryIO(s.dir, s.env);
    assert.equal(await runCli(['run', 'p.ansflow.yaml', '--store', 'store'], rejected), 1, rejected.err());
    const json = memoryIO(s.dir, s.env);
    assert.equal(await runCli(['audit', '--format', 'json'], json), 0, json.err());
    const records = json.out().trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(
      records.map((r) => [r.source, r.action, r.target.object, r.result]),
      [
        ['cli', 'approval', 'gate', 'approved'],
        ['cli', 'pipeline-run', 'gated', 'ok'],
        ['cli', 'approval', 'gate', 'rejected'],
        ['cli', 'pipeline-run', 'gated', 'failed'],
      ],
    );
    assert.equal(records[0].runId, records[1].runId);
    assert.notEqual(records[1].runId, records[3].runId);
    assert.equal(records[1].target.context, join(s.dir, 'p.ansflow.yaml'));
  } finally {
    s.done();
  }
});

test('(unit) ansflow audit prints a table, filters by --action/--since/--grep/--limit, and refuses bad filters with exit 2', async () => {
  const s = setup();
  try {
    const times = ['2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z', new Date().toISOString()];
    const log = new AuditLog({ file: s.file, source: 'editor', user: 'ops', now: () => new Date(times.shift()!) });
    log.append({ action: 'delete', target: { context: 'prod', namespace: 'shop', object: 'Pod/api-1' }, result: 'ok' });
    log.append({ action: 'helm-rollback', target: { context: 'prod', namespace: 'shop', object: 'catalog' }, result: 'ok', detail: 'to revision 2' });
    log.append({ action: 'scale', target: { context: 'dev', namespace: 'web', object: 'Deployment/api' }, result: 'failed', detail: 'forbidden' });

    const all = memoryIO(s.dir, s.env);
    assert.equal(await runCli(['audit'], all), 0);
    const lines = all.out().trimEnd().split('\n');
    assert.match(lines[0]!, /^TIME \(UTC\)\s+USER\s+ACTION\s+TARGET\s+RESULT\s+RUN \/ DETAIL$/);
    assert.match(lines[1]!, /^2026-12-01 08:00:00\s+ops\s+delete\s+prod \/ shop \/ Pod\/api-1\s+ok$/);
    assert.equal(lines.length, 4);

    const some = memoryIO(s.dir, s.env);
    assert.equal(await runCli(['audit', '--action', 'helm-rollback,scale', '--grep', 'PROD', '--format', 'json'], some), 0);
    assert.deepEqual(some.out().trim().split('\n').map((l) => JSON.parse(l).action), ['helm-rollback']);
    const recent = memoryIO(s.dir, s.env);
    assert.equal(await runCli(['audit', '--since', '1h', '--format', 'json'], recent), 0);
    assert.deepEqual(recent.out().trim().split('\n').map((l) => JSON.parse(l).action), ['scale']);
    const last = memoryIO(s.dir, s.env);
    assert.equal(await runCli(['audit', '-n', '2', '--format', 'json'], last), 0);
    assert.deepEqual(last.out().trim().split('\n').map((l) => JSON.parse(l).action), ['helm-rollback', 'scale']);
    const none = memoryIO(s.dir, s.env);
    assert.equal(await runCli(['audit', '--grep', 'nothing-like-this'], none), 0);
    assert.match(none.out(), /^No audit records match/);

    const badSince = memoryIO(s.dir, s.env);
    assert.equal(await runCli(['audit', '--since', 'last tuesday'], badSince), 2);
    assert.match(badSince.err(), /^ansflow: error: --since: 'last tuesday' is neither a duration/);
    const badAction = memoryIO(s.dir, s.env);
    assert.equal(await runCli(['audit', '--action', 'explode'], badAction), 2);
    assert.match(badAction.err(), /unknown action 'explode'/);
  } finally {
    s.done();
  }
});
