// A comment written above the first entry of a list or map (the first job, task or step) is kept
// like the comments above the later ones: the yaml library files it under the collection, not the
// entry, and it used to be lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { emitDraft, importCi } from '../../../../src/core/import/index.js';

function imported(path: string, text: string): string {
  const result = importCi(path, text);
  assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
  return emitDraft(result.draft).text;
}

test('(unit) import: a Taskfile comment above the first task is kept above its step, as for the second', () => {
  const text = imported(join(tmpdir(), 'no-such-dir', 'Taskfile.yml'), `version: '3'
tasks:
  # compiles the binary
  build:
    cmds: [make]
  # runs the unit tests
  test:
    deps: [build]
    cmds: [make test]
`);
  assert.match(text, /# compiles the binary\n {2}build:/);
  assert.match(text, /# runs the unit tests\n {2}test:/);
});

test('(unit) import: a GitHub comment above the first job and above the first step is kept, as for the later ones', () => {
  const text = imported('.github/workflows/ci.yml', `on: push
jobs:
  # compiles everything
  build:
    runs-on: ubuntu-latest
    steps:
      # the fast part first
      - run: make
      # then the slow one
      - run: make slow
  # after the build
  test:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - run: make test
`);
  for (const c of ['compiles everything', 'the fast part first', 'then the slow one', 'after the build']) assert.match(text, new RegExp(`# ${c}\\n`), c);
});
