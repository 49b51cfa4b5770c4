// The pending-approvals registry: one request per gate, answered once (first answer wins), withdrawn
// when its run is cancelled or ends, timed out, and events for the views that show and clear it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_COMMENT, PendingApprovals, type PendingApprovalEvent } from '../../../../../src/core/runner/approvals/PendingApprovals.js';

function registry() {
  let n = 0;
  const r = new PendingApprovals(
    () => 1000,
    () => `a${++n}`,
  );
  const events: PendingApprovalEvent[] = [];
  r.onDidChange((e) => events.push(e));
  return { r, events };
}

const gate = { runId: 'run1', step: 'deploy[env=prod]', pipeline: 'ship', message: 'Ship it?', approvers: ['ops'], following: ['smoke'] };

test('(unit) pending approvals: a request gets an id, run, step instance and id, message and approvers, and is listed until answered', async () => {
  const { r, events } = registry();
  const { request, outcome } = r.register(gate);
  assert.deepEqual(request, { ...gate, stepId: 'deploy', id: 'a1', requestedAt: 1000 });
  assert.deepEqual(r.list(), [request]);
  assert.deepEqual(r.list('other'), []);
  assert.equal(r.find('run1', 'deploy[env=prod]'), request);
  assert.equal(r.find('run1', 'deploy'), request, 'found by step id too (the graph node)');
  assert.equal(r.find('run2', 'deploy'), undefined);
  assert.deepEqual(events, [{ type: 'requested', request }]);

  assert.deepEqual(r.answer('a1', { decision: 'approved', by: ' ann ', comment: ' looks fine ' }), { request });
  assert.deepEqual(await outcome, { decision: 'approved', by: 'ann', comment: 'looks fine' });
  assert.deepEqual(r.list(), []);
  assert.deepEqual(events[1], { type: 'resolved', request, outcome: { decision: 'approved', by: 'ann', comment: 'looks fine' } });
});

test('(unit) pending approvals: the first answer wins; a second answer is an error value and changes nothing', async () => {
  const { r, events } = registry();
  const { request, outcome } = r.register(gate);
  assert.deepEqual(r.answer(request.id, { decision: 'rejected', by: 'bob' }), { request });
  const late = r.answer(request.id, { decision: 'approved', by: 'ann' });
  assert.ok('error' in late && /no longer waiting/.test(late.error), JSON.stringify(late));
  assert.deepEqual(await outcome, { decision: 'rejected', by: 'bob' });
  assert.equal(events.filter((e) => e.type === 'resolved').length, 1);
  const unknown = r.answer('nope', { decision: 'approved', by: 'ann' });
  assert.ok('error' in unknown);
});

test('(unit) pending approvals: malformed answers are refused and leave the request waiting', () => {
  const { r } = registry();
  const { request } = r.register(gate);
  for (const bad of [
    { decision: 'maybe', by: 'ann' },
    { decision: 'approved', by: '  ' },
    { decision: 'approved', by: 'ann', comment: 'x'.repeat(MAX_COMMENT + 1) },
  ]) {
    const res = r.answer(request.id, bad as never);
    assert.ok('error' in res, JSON.stringify(bad));
  }
  assert.deepEqual(r.list(), [request]);
});

test('(unit) pending approvals: cancelling the run withdraws its request; a run cancelled before asks nobody', async () => {
  const { r, events } = registry();
  const ac = new AbortController();
  const { request, outcome } = r.register(gate, ac.signal);
  ac.abort(new Error('cancelled'));
  assert.deepEqual(await outcome, { decision: 'withdrawn', reason: 'the run was cancelled' });
  assert.deepEqual(r.list(), []);
  assert.ok('error' in r.answer(request.id, { decision: 'approved', by: 'ann' }), 'answered after the withdrawal');

  const gone = new AbortController();
  gone.abort();
  const before = events.length;
  assert.deepEqual(await r.register(gate, gone.signal).outcome, { decision: 'withdrawn', reason: 'the run was cancelled' });
  assert.equal(events.length, before, 'a request for a cancelled run was announced');
});

test("(unit) pending approvals: withdrawRun withdraws only that run's requests", async () => {
  const { r } = registry();
  const a = r.register(gate);
  const b = r.register({ ...gate, step: 'smoke' });
  const c = r.register({ ...gate, runId: 'run2' });
  assert.equal(r.withdrawRun('run1', 'the run ended'), 2);
  assert.deepEqual(await a.outcome, { decision: 'withdrawn', reason: 'the run ended' });
  assert.deepEqual(await b.outcome, { decision: 'withdrawn', reason: 'the run ended' });
  assert.deepEqual(r.list(), [c.request]);
  assert.equal(r.withdraw(c.request.id, 'gone'), true);
  assert.equal(r.withdraw(c.request.id, 'gone'), false);
});

test('(unit) pending approvals: a request with a timeout times out when nobody answers', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { r } = registry();
  const { outcome } = r.register({ ...gate, timeoutMs: 5000 });
  t.mock.timers.tick(4999);
  assert.equal(r.list().length, 1);
  t.mock.timers.tick(1);
  assert.deepEqual(await outcome, { decision: 'timed-out' });
  assert.deepEqual(r.list(), []);
});

test('(unit) pending approvals: a listener that throws does not keep the gate from settling', async () => {
  const { r } = registry();
  r.onDidChange(() => {
    throw new Error('view broke');
  });
  const { request, outcome } = r.register(gate);
  r.answer(request.id, { decision: 'approved', by: 'ann' });
  assert.deepEqual(await outcome, { decision: 'approved', by: 'ann' });
});
