// The notes the editor command publishes beside the validator's diagnostics: every warning but the
// placeholder ones, each at the line of what it concerns in the written pipeline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emitDraft, importCi } from '../../../../src/core/import/index.js';
import { noteDiagnostics } from '../../../../src/core/import/noteDiagnostics.js';

const WORKFLOW = `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo build
  windows:
    runs-on: windows-latest
    steps:
      - uses: example/publish-action@v1
      - run: echo $GITHUB_PATH
`;

test('(unit) import note diagnostics: a dropped runner label is a note at its job; placeholders are left to the validator', () => {
  const result = importCi('.github/workflows/ci.yml', WORKFLOW);
  assert.ok(result.ok);
  const { text } = emitDraft(result.draft);
  const notes = noteDiagnostics(text, result.draft.warnings);
  const lines = text.split('\n');
  const dropped = notes.find((n) => n.kind === 'dropped');
  assert.ok(dropped, JSON.stringify(notes));
  assert.match(dropped.message, /windows-latest/);
  assert.equal(lines[dropped.line - 1]!.trim(), 'windows:', 'the note is on the job it concerns');
  assert.ok(result.draft.warnings.some((w) => w.kind === 'stand-in'), 'the workflow has a placeholder');
  assert.ok(notes.every((n) => !/publish-action/.test(n.message)), 'a placeholder is not a note: the validator reports it');
  assert.deepEqual(notes.map((n) => n.kind).sort(), result.draft.warnings.filter((w) => w.kind !== 'stand-in').map((w) => w.kind).sort());
});
