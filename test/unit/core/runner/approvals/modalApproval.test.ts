// The editor's approval gate (src/vscode/run/EditorApprover.ts → core askModalApproval) with a
// scripted window double: approve, reject, Escape, timeout (mock timers, no waiting on a clock),
// cancel while the modal is open, cancel before it opens, and a late answer after a timeout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { approvalDetail, askModalApproval, type ApprovalPrompt, type ApprovalWindow } from '../../../../../src/core/runner/approvals/modalApproval.js';

/** A window whose modal answers when the test says so; every message shown is recorded. */
function scriptedWindow() {
  const shown: Array<{ message: string; detail?: string; items: string[] }> = [];
  let answer: (choice: string | undefined) => void = () => assert.fail('no modal open');
  const window: ApprovalWindow = {
    showWarningMessage(message: string, ...rest: unknown[]) {
      const [options, ...items] = rest as [{ modal: true; detail: string } | string | undefined, ...string[]];
      if (typeof options === 'object' && options?.modal) {
        shown.push({ message, detail: options.detail, items });
        return new Promise<string | undefined>((r) => (answer = r));
      }
      shown.push({ message, items: [] });
      return Promise.resolve(undefined);
    },
  } as ApprovalWindow;
  return { window, shown, answer: (c: string | undefined) => answer(c) };
}

const prompt: ApprovalPrompt = { pipeline: 'deploy', step: 'prod', message: 'Ship it?', approvers: ['alice'], following: ['smoke', 'notify'], timeoutMs: 60_000 };

test('(unit) editor approval: Approve approves; Reject and Escape reject; the modal says what follows', async () => {
  for (const [choice, decision] of [['Approve', 'approved'], ['Reject', 'rejected'], [undefined, 'rejected']] as const) {
    const w = scriptedWindow();
    const pending = askModalApproval(w.window, prompt, new AbortController().signal, 'bob');
    w.answer(choice);
    assert.deepEqual(await pending, { decision, by: 'bob' }, `answer ${String(choice)}`);
    assert.deepEqual(w.shown[0]!.items, ['Approve', 'Reject']);
    assert.equal(w.shown[0]!.message, 'Ship it?');
    assert.equal(w.shown.length, 1, 'only the modal was shown');
  }
  assert.equal(approvalDetail(prompt, 'bob'), 'Pipeline deploy, step prod.\nApprovers: alice (you are bob).\nIf approved, next:\n  • smoke\n  • notify\nTimes out in 60 s.');
  assert.equal(approvalDetail({ ...prompt, approvers: [], following: [], timeoutMs: undefined }, 'bob'), 'Pipeline deploy, step prod.\nYou are bob.\nNothing else runs after this step.');
});

test('(unit) editor approval: no answer within the timeout times out, says so, and a late Approve changes nothing', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const w = scriptedWindow();
  const pending = askModalApproval(w.window, prompt, new AbortController().signal, 'bob');
  t.mock.timers.tick(59_999);
  let settled = false;
  void pending.then(() => (settled = true));
  await Promise.resolve();
  assert.equal(settled, false, 'decided before the timeout');
  t.mock.timers.tick(1);
  assert.deepEqual(await pending, { decision: 'timed-out', by: 'bob' });
  assert.match(w.shown[1]?.message ?? '', /approval for prod timed out; the step is treated as rejected/);
  w.answer('Approve');
  assert.deepEqual(await pending, { decision: 'timed-out', by: 'bob' });
});

test('(unit) editor approval: cancelling the run while the modal is open rejects; a run cancelled before asks nobody', async () => {
  const w = scriptedWindow();
  const ac = new AbortController();
  const pending = askModalApproval(w.window, prompt, ac.signal, 'bob');
  ac.abort(new Error('user cancelled'));
  assert.deepEqual(await pending, { decision: 'rejected', by: 'bob' });
  w.answer('Approve');
  assert.deepEqual(await pending, { decision: 'rejected', by: 'bob' });

  const before = scriptedWindow();
  const gone = new AbortController();
  gone.abort();
  assert.deepEqual(await askModalApproval(before.window, prompt, gone.signal, 'bob'), { decision: 'rejected', by: 'bob' });
  assert.equal(before.shown.length, 0, 'a modal opened for a run already cancelled');
});

test('(unit) editor approval: a window that fails to show the modal rejects instead of hanging', async () => {
  const window = { showWarningMessage: () => Promise.reject(new Error('no window')) } as unknown as ApprovalWindow;
  assert.deepEqual(await askModalApproval(window, { ...prompt, timeoutMs: undefined }, new AbortController().signal, 'bob'), { decision: 'rejected', by: 'bob' });
});
