// (unit) The audit trail's writer, reader, filter and masking.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog, auditedApprover, defaultAuditFile, parseActions, parseSince, readAuditFile, recordRunEnd } from '../../../../../src/core/observability/audit/index.js';
import { SecretMasker } from '../../../../../src/core/runner/masking/SecretMasker.js';
import { rememberSecrets } from '../../../../../src/core/runner/masking/knownSecrets.js';
import { CancellationError } from '../../../../../src/core/contracts/result.js';
import type { RunSummary } from '../../../../../src/core/runner/runTypes.js';

function tempFile(): { file: string; done(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-audit-'));
  return { file: join(dir, 'nested', 'audit.jsonl'), done: () => rmSync(dir, { recursive: true, force: true }) };
}

test('(unit) audit: append writes one JSON line per record (folder created, owner-only file) and read returns them oldest first', () => {
  const t = tempFile();
  try {
    let clock = Date.parse('2026-12-01T10:00:00Z');
    const log = new AuditLog({ file: t.file, source: 'editor', user: 'alice', now: () => new Date((clock += 1000)) });
    assert.equal(log.append({ action: 'scale', target: { context: 'dev', namespace: 'web', object: 'Deployment/api' }, result: 'ok', detail: 'replicas 3' }), undefined);
    log.append({ action: 'delete', target: { context: 'dev', namespace: 'web', object: 'Pod/api-1' }, result: 'failed', detail: 'forbidden\nsecond line' });
    const lines = readFileSync(t.file, 'utf8').trim().split('\n');
    assert.equal(lines.length, 2);
    assert.deepEqual(JSON.parse(lines[0]!), { time: '2026-12-01T10:00:01.000Z', user: 'alice', source: 'editor', action: 'scale', target: { context: 'dev', namespace: 'web', object: 'Deployment/api' }, result: 'ok', detail: 'replicas 3' });
    assert.equal(statSync(t.file).mode & 0o777, 0o600);
    const back = log.read();
    assert.deepEqual(back.map((r) => [r.action, r.result, r.detail]), [['scale', 'ok', 'replicas 3'], ['delete', 'failed', 'forbidden second line']]);
  } finally {
    t.done();
  }
});

test('(unit) audit: the reader skips torn and foreign lines and treats a missing file as empty', () => {
  const t = tempFile();
  try {
    assert.deepEqual(readAuditFile(t.file), []);
    const log = new AuditLog({ file: t.file, source: 'cli', user: 'bob' });
    log.append({ action: 'prune', target: { context: 'default' }, result: 'ok' });
    appendFileSync(t.file, '{"time":"x","action":"nope"}\n{"trunc\nnot json\n');
    log.append({ action: 'container-stop', target: { context: 'default', object: 'web' }, result: 'ok' });
    assert.deepEqual(readAuditFile(t.file).map((r) => r.action), ['prune', 'container-stop']);
  } finally {
    t.done();
  }
});

test('(unit) audit: filter by since, actions and text', () => {
  const t = tempFile();
  try {
    const times = ['2026-12-01T08:00:00Z', '2026-12-01T09:30:00Z', '2026-12-01T09:50:00Z'];
    const log = new AuditLog({ file: t.file, source: 'editor', user: 'carol', now: () => new Date(times.shift()!) });
    log.append({ action: 'apply', target: { context: 'prod', object: 'Deployment/api' }, result: 'ok' });
    log.append({ action: 'helm-upgrade', target: { context: 'prod', namespace: 'shop', object: 'catalog' }, result: 'failed', detail: 'timed out' });
    log.append({ action: 'pipeline-run', target: { context: '/w/ci.ansflow.yaml', object: 'ci' }, result: 'ok', runId: 'r-42' });
    const now = new Date('2026-12-01T10:00:00Z');
    const since = parseSince('1h', now);
    assert.ok(since instanceof Date);
    assert.deepEqual(log.read({ since }).map((r) => r.action), ['helm-upgrade', 'pipeline-run']);
    assert.deepEqual(log.read({ since: parseSince('2026-12-01T09:40:00Z') as Date }).map((r) => r.action), ['pipeline-run']);
    assert.deepEqual(log.read({ actions: ['apply', 'pipeline-run'] }).map((r) => r.action), ['apply', 'pipeline-run']);
    assert.deepEqual(log.read({ text: 'CATALOG' }).map((r) => r.action), ['helm-upgrade']);
    assert.deepEqual(log.read({ text: 'r-42', actions: ['apply'] }), []);
    assert.ok('error' in (parseSince('yesterday') as object));
    assert.deepEqual(parseActions(['apply,delete', 'approval']), ['apply', 'delete', 'approval']);
    assert.match((parseActions(['apply', 'explode']) as { error: string }).error, /unknown action 'explode'; one of: apply, delete/);
  } finally {
    t.done();
  }
});

test('(unit) audit: every field goes through the masker (run secrets remembered in this process and extra ones), keys included', () => {
  const t = tempFile();
  try {
    rememberSecrets(['run-secret-9f3e']);
    const log = new AuditLog({ file: t.file, source: 'cli', user: 'dave', masker: new SecretMasker(['hunter2-token']) });
    log.append({ action: 'exec', target: { context: 'ctx-hunter2-token', namespace: 'run-secret-9f3e', object: 'Pod/x' }, result: 'failed', detail: 'auth hunter2-token rejected (run-secret-9f3e)', runId: 'r1' });
    const text = readFileSync(t.file, 'utf8');
    assert.ok(!text.includes('hunter2-token') && !text.includes('run-secret-9f3e'), text);
    const [r] = log.read();
    assert.equal(r!.target.context, 'ctx-***');
    assert.equal(r!.target.namespace, '***');
    assert.equal(r!.detail, 'auth *** rejected (***)');
    // The base64 form of a secret is masked too (the masker's encoded forms).
    log.append({ action: 'apply', target: { object: Buffer.from('hunter2-token').toString('base64') }, result: 'ok' });
    assert.equal(log.read()[1]!.target.object, '***');
  } finally {
    t.done();
  }
});

test('(unit) audit: track records ok, failed (with the message) and cancelled, and passes the outcome through', async () => {
  const t = tempFile();
  try {
    const log = new AuditLog({ file: t.file, source: 'editor', user: 'erin' });
    assert.equal(await log.track('scale', { object: 'Deployment/a' }, async () => 7, { detail: 'replicas 2' }), 7);
    await assert.rejects(log.track('delete', { object: 'Pod/b' }, async () => { throw new Error('pods "b" is forbidden'); }), /forbidden/);
    await assert.rejects(log.track('restart', { object: 'Deployment/c' }, async () => { throw new CancellationError(); }), (e: Error) => e instanceof CancellationError);
    assert.equal(await log.track('apply', { object: 'x.yaml' }, async () => undefined, { detailOf: (v) => (v ? 'applied' : false) }), undefined);
    await log.track('apply', { object: 'y.yaml' }, async () => ['Deployment/a configured'], { detailOf: (v) => v.join(', ') });
    assert.deepEqual(log.read().map((r) => [r.action, r.result, r.detail]), [['scale', 'ok', 'replicas 2'], ['delete', 'failed', 'pods "b" is forbidden'], ['restart', 'cancelled', new CancellationError().message], ['apply', 'ok', 'Deployment/a configured']]);
  } finally {
    t.done();
  }
});

test('(unit) audit: an unwritable audit file never stops the action; append returns the error', async () => {
  const t = tempFile();
  try {
    // A regular file where the folder should be: ENOTDIR.
    new AuditLog({ file: t.file, source: 'editor', user: 'f' }).append({ action: 'apply', target: {}, result: 'ok' });
    const log = new AuditLog({ file: join(t.file, 'audit.jsonl'), source: 'editor', user: 'f' });
    assert.ok(log.append({ action: 'apply', target: {}, result: 'ok' }) instanceof Error);
    assert.equal(await log.track('apply', {}, async () => 'applied'), 'applied');
  } finally {
    t.done();
  }
});

test('(unit) audit: the approver wrapper records each decision with who and why; the run end records the run with its id', async () => {
  const t = tempFile();
  try {
    const log = new AuditLog({ file: t.file, source: 'cli', user: 'gina' });
    const answers = [{ decision: 'approved' as const, by: '--approve' }, { decision: 'rejected' as const, reason: 'not interactive' }];
    const approver = auditedApprover({ decide: async () => answers.shift()! }, log, '/w/deploy.ansflow.yaml');
    const req = { runId: 'run-1', step: 'gate', message: 'ship?', approvers: [], signal: new AbortController().signal };
    assert.equal((await approver.decide(req)).decision, 'approved');
    assert.equal((await approver.decide({ ...req, step: 'prod' })).decision, 'rejected');
    const failedApprover = auditedApprover({ decide: async () => { throw new CancellationError(); } }, log, '/w/deploy.ansflow.yaml');
    await assert.rejects(failedApprover.decide({ ...req, step: 'late' }));
    const summary: RunSummary = { runId: 'run-1', status: 'failed', durationMs: 5, steps: [{ step: 'build', stepId: 'build', status: 'failed', attempts: 1, durationMs: 1 }] as RunSummary['steps'] };
    await recordRunEnd(log, { runId: 'run-1', done: Promise.resolve(summary) }, '/w/deploy.ansflow.yaml', 'deploy');
    assert.deepEqual(
      log.read().map((r) => [r.action, r.target.object, r.result, r.runId, r.detail]),
      [
        ['approval', 'gate', 'approved', 'run-1', 'by --approve'],
        ['approval', 'prod', 'rejected', 'run-1', 'not interactive'],
        ['approval', 'late', 'cancelled', 'run-1', new CancellationError().message],
        ['pipeline-run', 'deploy', 'failed', 'run-1', 'failed steps: build'],
      ],
    );
  } finally {
    t.done();
  }
});

test('(unit) audit: the default file is per user and outside any workspace; ANSFLOW_AUDIT_FILE overrides it', () => {
  assert.equal(defaultAuditFile({}, 'linux', '/home/u'), '/home/u/.local/state/ansflow/audit.jsonl');
  assert.equal(defaultAuditFile({ XDG_STATE_HOME: '/s' }, 'linux', '/home/u'), '/s/ansflow/audit.jsonl');
  assert.equal(defaultAuditFile({ XDG_STATE_HOME: 'relative' }, 'linux', '/home/u'), '/home/u/.local/state/ansflow/audit.jsonl');
  assert.equal(defaultAuditFile({}, 'darwin', '/Users/u'), '/Users/u/Library/Application Support/AnsFlow/audit.jsonl');
  assert.equal(defaultAuditFile({ ANSFLOW_AUDIT_FILE: '/x/a.jsonl' }, 'linux', '/home/u'), '/x/a.jsonl');
});
