// A graph edit refused by VS Code because the document moved on is computed again on the newer text; a
// refusal that persists (read-only, closed) ends in one notice; errors and empty edits apply nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TextEdit } from '../../../src/language/index.js';
import { applyGraphEdit, GRAPH_EDIT_OUTRUNS, GRAPH_EDIT_TRIES, type GraphEditTarget } from '../../../src/vscode/graph/applyGraphEdit.js';

/** A document whose window-side version runs `ahead` of what the host knows until the host waits for it. */
function target(opts: { ahead: number; refuseAlways?: boolean; alive?: boolean }) {
  let hostVersion = 1;
  let windowVersion = 1 + opts.ahead;
  const applied: Array<{ version: number; edits: readonly TextEdit[] }> = [];
  const t: GraphEditTarget = {
    version: () => hostVersion,
    applyEdit: async (edits) => {
      if (opts.refuseAlways || hostVersion !== windowVersion) return false;
      applied.push({ version: hostVersion, edits });
      windowVersion = ++hostVersion;
      return true;
    },
    nextChange: async (v) => {
      if (hostVersion === v && hostVersion < windowVersion) hostVersion++;
    },
    alive: () => opts.alive ?? true,
  };
  return { t, applied, computedAt: [] as number[] };
}

const edit = (at: number): TextEdit => ({ range: { start: at, end: at }, newText: 'x' });

test('(unit) graph edit: refused while the host is a version behind, computed again on the newer version and applied once', async () => {
  const { t, applied, computedAt } = target({ ahead: 2 });
  const problem = await applyGraphEdit(t, () => (computedAt.push(t.version()), { edits: [edit(t.version())] }), 'set name');
  assert.equal(problem, undefined);
  assert.deepEqual(computedAt, [1, 2, 3], 'computed again on each newer version');
  assert.equal(applied.length, 1);
  assert.deepEqual(applied[0], { version: 3, edits: [edit(3)] }, 'the edit made from the newest text');
});

test('(unit) graph edit: a refusal that persists ends after a bounded number of tries with one reason', async () => {
  const { t, computedAt } = target({ ahead: 0, refuseAlways: true });
  const problem = await applyGraphEdit(t, () => (computedAt.push(t.version()), { edits: [edit(0)] }), 'add the step');
  assert.equal(problem, 'Could not add the step: the document changed or is read-only.');
  assert.equal(computedAt.length, GRAPH_EDIT_TRIES);
  const gone = target({ ahead: 5, alive: false });
  assert.match((await applyGraphEdit(gone.t, () => ({ edits: [edit(0)] }), 'add the job')) ?? '', /Could not add the job/);
  assert.equal(gone.applied.length, 0);
});

test('(unit) graph edit: an error is the reason as written, an empty edit applies nothing', async () => {
  const { t, applied } = target({ ahead: 0 });
  assert.equal(await applyGraphEdit(t, () => ({ error: "There is no step 'x'." }), 'set name'), "There is no step 'x'.");
  assert.equal(await applyGraphEdit(t, () => ({ edits: [] }), 'set name'), undefined);
  assert.equal(applied.length, 0);
});

test('(unit) graph edit: an answer that comes after the document moved on (or none) is worked out again on the newer text', async () => {
  let version = 1;
  const applied: Array<{ version: number; edits: readonly TextEdit[] }> = [];
  const t: GraphEditTarget = {
    version: () => version,
    applyEdit: async (edits) => (applied.push({ version, edits }), true),
    nextChange: async () => undefined,
    alive: () => true,
  };
  const asked: number[] = [];
  const problem = await applyGraphEdit(
    t,
    async (at) => {
      asked.push(at);
      // A keystroke reaches the host while the first two answers are worked out (the second: the worker was at another version).
      if (asked.length <= 2) {
        version++;
        return asked.length === 1 ? { edits: [edit(at)] } : undefined;
      }
      return { edits: [edit(at)] };
    },
    'add the need',
  );
  assert.equal(problem, undefined);
  assert.deepEqual(asked, [1, 2, 3], 'asked again for each newer version');
  assert.deepEqual(applied, [{ version: 3, edits: [edit(3)] }], 'only the answer for the version the host has is applied');
  // An error worked out on a text that moved on is not the reason given: it may be gone from the newer text.
  version = 1;
  const errors: number[] = [];
  const reason = await applyGraphEdit(t, async (at) => (errors.push(at), at === 1 ? (version++, { error: "There is no step 'x'." }) : { edits: [] }), 'add the need');
  assert.equal(reason, undefined);
  assert.deepEqual(errors, [1, 2]);
});

test('(unit) graph edit: answers outrun by other edits do not use up the tries VS Code refusals have; they are bounded on their own', async () => {
  let version = 1;
  const applied: number[] = [];
  const t: GraphEditTarget = { version: () => version, applyEdit: async () => (applied.push(version), true), nextChange: async () => undefined, alive: () => true };
  // Another extension edits on: the first GRAPH_EDIT_TRIES + 2 answers come after the text moved on.
  let outrunLeft = GRAPH_EDIT_TRIES + 2;
  assert.equal(await applyGraphEdit(t, async (at) => (outrunLeft-- > 0 ? (version++, { edits: [edit(at)] }) : { edits: [edit(at)] }), 'add the need'), undefined);
  assert.deepEqual(applied, [GRAPH_EDIT_TRIES + 3]);
  // It never stops: one reason after GRAPH_EDIT_OUTRUNS answers.
  let asked = 0;
  assert.match((await applyGraphEdit(t, async () => (asked++, version++, undefined), 'add the need')) ?? '', /Could not add the need/);
  assert.equal(asked, GRAPH_EDIT_OUTRUNS);
});
