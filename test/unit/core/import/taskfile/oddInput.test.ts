// Odd and wrong-typed Taskfiles never throw: each gives an error with a message, or a draft that
// validates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { importTaskfile } from '../../../../../src/core/import/taskfile/importTaskfile.js';
import { roundTrip } from '../roundTrip.js';

const ODD = [
  '',
  "version: '3'",
  "version: '3'\ntasks: 5",
  "version: '3'\ntasks: { a: null }",
  "version: '3'\ntasks: { a: { deps: x, cmds: x } }",
  "version: '3'\ntasks: { a: { cmds: 5 } }",
  "version: '3'\ntasks: { a: { cmds: [5, null, {}] } }",
  "version: '3'\nvars: 5\ntasks: { a: [x] }",
  "version: '3'\nincludes: 5\ntasks: { a: [x] }",
  "version: '3'\nincludes: { b: 5 }\ntasks: { a: [x] }",
  "version: '3'\ntasks: { a: { cmds: [{ for: 5, cmd: x }] } }",
  "version: '3'\ntasks: { a: { preconditions: [null, 5], status: 5, sources: 5, platforms: x, prompt: 5, requires: 5, dir: 5, env: 5 } }",
  "version: '3'\ntasks: { a: { cmds: ['{{.A'] } }",
  'version: 3\ntasks: { a: { deps: [{}] } }',
  "version: '3'\ntasks: { a: { cmds: [{ defer: 5 }] } }",
];

test('(unit) taskfile import: odd input gives an error or a pipeline that validates, never a throw', async () => {
  for (const text of ODD) {
    const result = importTaskfile(text, { path: join(tmpdir(), 'odd', 'Taskfile.yml') });
    if (!result.ok) {
      assert.ok(result.errors.length && result.errors.every((e) => e.message.length > 0 && !e.message.includes('\n')), text);
      continue;
    }
    await roundTrip(result.draft);
  }
});
