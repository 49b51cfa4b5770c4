// (unit) The graph protocol's approval variants, validated on arrival on both sides: the host's list of
// waiting gates and the webview's answer; anything malformed is dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFromGraphWebview, parseToGraphWebview } from '../../../webview/shared/graphMessages.js';

test('(unit) graph messages: answerApproval carries a request id and approved or rejected, nothing else', () => {
  const id = '3f1c2a9e-1b2c-4d5e-8f90-123456789abc';
  assert.deepEqual(parseFromGraphWebview({ type: 'answerApproval', id, decision: 'approved', by: 'mallory' }), { type: 'answerApproval', id, decision: 'approved' });
  assert.deepEqual(parseFromGraphWebview({ type: 'answerApproval', id, decision: 'rejected' }), { type: 'answerApproval', id, decision: 'rejected' });
  for (const bad of [
    { type: 'answerApproval', id, decision: 'timed-out' },
    { type: 'answerApproval', id, decision: 'yes' },
    { type: 'answerApproval', id: 'a b', decision: 'approved' },
    { type: 'answerApproval', id: 'x'.repeat(65), decision: 'approved' },
    { type: 'answerApproval', decision: 'approved' },
  ]) {
    assert.equal(parseFromGraphWebview(bad), undefined, JSON.stringify(bad));
  }
});

test('(unit) graph messages: approvals lists waiting gates (id, step key, node id, message); a malformed entry drops the message', () => {
  const gate = { id: 'req-1', step: 'deploy[env=prod]', stepId: 'deploy', message: 'Ship it?' };
  assert.deepEqual(parseToGraphWebview({ type: 'approvals', approvals: [{ ...gate, extra: 'dropped' }] }), { type: 'approvals', approvals: [gate] });
  assert.deepEqual(parseToGraphWebview({ type: 'approvals', approvals: [] }), { type: 'approvals', approvals: [] });
  for (const bad of [{ ...gate, id: '' }, { ...gate, stepId: 'not an id' }, { ...gate, message: 3 }, { ...gate, step: undefined }]) {
    assert.equal(parseToGraphWebview({ type: 'approvals', approvals: [gate, bad] }), undefined, JSON.stringify(bad));
  }
  assert.equal(parseToGraphWebview({ type: 'approvals', approvals: 'all' }), undefined);
});
