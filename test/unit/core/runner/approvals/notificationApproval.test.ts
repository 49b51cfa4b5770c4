// The editor's approval gate (src/vscode/run/EditorApprover.ts → core askNotificationApproval) with a
// scripted window double: the notification is not modal, so the same request can be answered from it
// or from elsewhere (the graph node, the Runs view) through the registry; the first answer wins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { approvalText, askNotificationApproval, type ApprovalPrompt, type ApprovalWindow } from '../../../../../src/core/runner/approvals/notificationApproval.js';
import { PendingApprovals } from '../../../../../src/core/runner/approvals/PendingApprovals.js';

/** A window whose notification answers when the test says so; every message shown is recorded. */
function scriptedWindow() {
  const shown: Array<{ message: string; items: string[] }> = [];
  let answer: (choice: string | undefined) => void = () => assert.fail('no notification with buttons open');
  const window: ApprovalWindow = {
    showWarningMessage(message: string, ...items: string[]) {
      shown.push({ message, items });
      if (items.length) return new Promise<string | undefined>((r) => (answer = r));
      return Promise.resolve(undefined);
    },
    showInformationMessage(message: string) {
      shown.push({ message, items: [] });
      return Promise.resolve(undefined);
    },
  };
  return { window, shown, answer: (c: string | undefined) => answer(c) };
}

const prompt: ApprovalPrompt = { runId: 'r1', pipeline: 'deploy', step: 'prod', message: 'Ship it?', approvers: ['alice'], following: ['smoke', 'notify'], timeoutMs: 60_000 };

/** Lets queued promise callbacks run (the notification's answer reaches the registry through one). */
const settle = () => new Promise((r) => setImmediate(r));

test('(unit) editor approval: Approve / Reject on the notification answer the registered request', async () => {
  for (const [choice, decision] of [['Approve', 'approved'], ['Reject', 'rejected']] as const) {
    const w = scriptedWindow();
    const registry = new PendingApprovals();
    const pending = askNotificationApproval(w.window, registry, prompt, new AbortController().signal, 'bob');
    assert.equal(registry.list().length, 1, 'the gate is registered while the notification is up');
    assert.deepEqual(w.shown[0]!.items, ['Approve', 'Reject']);
    w.answer(choice);
    assert.deepEqual(await pending, { decision, by: 'bob' });
    assert.deepEqual(registry.list(), []);
    assert.equal(w.shown.length, 1, 'only the notification was shown');
  }
  assert.equal(approvalText(prompt, 'bob'), 'AnsFlow: Ship it? (pipeline deploy, step prod) Approvers: alice (you are bob). If approved, next: smoke, notify. Times out in 60 s.');
  assert.equal(approvalText({ ...prompt, approvers: [], following: [], timeoutMs: undefined }, 'bob'), 'AnsFlow: Ship it? (pipeline deploy, step prod) Nothing else runs after this step.');
});

test('(unit) editor approval: closing the notification is no answer; the request stays for the graph or the Runs view', async () => {
  const w = scriptedWindow();
  const registry = new PendingApprovals();
  const pending = askNotificationApproval(w.window, registry, { ...prompt, timeoutMs: undefined }, new AbortController().signal, 'bob');
  w.answer(undefined);
  await settle();
  const [request] = registry.list();
  assert.ok(request, 'closing the notification dropped the request');
  assert.equal(request.runId, 'r1');
  assert.equal(request.stepId, 'prod');
  assert.ok(!('error' in registry.answer(request.id, { decision: 'approved', by: 'carol', comment: 'from the node' })));
  assert.deepEqual(await pending, { decision: 'approved', by: 'carol', comment: 'from the node' });
});

test('(unit) editor approval: answered elsewhere first, a later click on the notification only says so', async () => {
  const w = scriptedWindow();
  const registry = new PendingApprovals();
  const pending = askNotificationApproval(w.window, registry, prompt, new AbortController().signal, 'bob');
  registry.answer(registry.list()[0]!.id, { decision: 'rejected', by: 'carol' });
  assert.deepEqual(await pending, { decision: 'rejected', by: 'carol' });
  w.answer('Approve');
  await settle();
  assert.match(w.shown.at(-1)!.message, /prod: this approval is no longer waiting/);
  assert.deepEqual(await pending, { decision: 'rejected', by: 'carol' });
});

test('(unit) editor approval: no answer within the timeout times out, says so, and a late Approve changes nothing', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const w = scriptedWindow();
  const registry = new PendingApprovals();
  const pending = askNotificationApproval(w.window, registry, prompt, new AbortController().signal, 'bob');
  t.mock.timers.tick(59_999);
  assert.equal(registry.list().length, 1, 'decided before the timeout');
  t.mock.timers.tick(1);
  assert.deepEqual(await pending, { decision: 'timed-out', by: 'bob' });
  assert.match(w.shown[1]?.message ?? '', /approval for prod timed out; the step is treated as rejected/);
  w.answer('Approve');
  assert.deepEqual(await pending, { decision: 'timed-out', by: 'bob' });
});

test('(unit) editor approval: cancelling the run withdraws the request and rejects; a run cancelled before asks nobody', async () => {
  const w = scriptedWindow();
  const registry = new PendingApprovals();
  const ac = new AbortController();
  const pending = askNotificationApproval(w.window, registry, prompt, ac.signal, 'bob');
  ac.abort(new Error('user cancelled'));
  assert.deepEqual(await pending, { decision: 'rejected', by: 'bob' });
  assert.deepEqual(registry.list(), []);

  const before = scriptedWindow();
  const gone = new AbortController();
  gone.abort();
  assert.deepEqual(await askNotificationApproval(before.window, registry, prompt, gone.signal, 'bob'), { decision: 'rejected', by: 'bob' });
  assert.equal(before.shown.length, 0, 'a notification opened for a run already cancelled');
});

test('(unit) editor approval: a window that fails to show the notification leaves the request answerable', async () => {
  const window = { showWarningMessage: () => Promise.reject(new Error('no window')), showInformationMessage: () => Promise.resolve(undefined) } as unknown as ApprovalWindow;
  const registry = new PendingApprovals();
  const pending = askNotificationApproval(window, registry, { ...prompt, timeoutMs: undefined }, new AbortController().signal, 'bob');
  await settle();
  registry.answer(registry.list()[0]!.id, { decision: 'approved', by: 'bob' });
  assert.deepEqual(await pending, { decision: 'approved', by: 'bob' });
});
