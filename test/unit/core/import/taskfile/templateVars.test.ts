// A task variable built from other variables (`NAME: '{{.OUT}}/bin'`) is resolved from them, as
// Task does, instead of being left in the command as an untranslated `{{.NAME}}`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importTaskfile } from '../../../../../src/core/import/taskfile/importTaskfile.js';
import { parsePipeline } from '../../../../../src/core/pipeline/index.js';
import { PresetApprover, runPipeline } from '../../../../../src/core/runner/index.js';
import { roundTrip } from '../roundTrip.js';

const SOURCE = `version: '3'
vars:
  OUT: build
tasks:
  name:
    vars:
      BASE: app
      NAME: '{{.OUT}}/{{.BASE}}-bin'
      PLAIN: '{{.BASE}}.txt'
    cmds:
      - echo {{.NAME}} > name.txt
      - echo "{{.PLAIN}}" > plain.txt
`;

async function run(params: Record<string, unknown>) {
  const result = importTaskfile(SOURCE, { path: join(tmpdir(), 'no-such-dir', 'Taskfile.yml') });
  assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
  assert.deepEqual(result.draft.warnings, []);
  const { text } = await roundTrip(result.draft);
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-task-tvars-'));
  const summary = await runPipeline(parsePipeline(text, { file: join(dir, 'p.ansflow.yaml') }), { workspace: dir, params, approver: new PresetApprover({ steps: [] }) }).done;
  assert.equal(summary.status, 'success');
  return { text, read: (f: string) => readFileSync(join(dir, f), 'utf8') };
}

test('(unit) taskfile import: a task variable made of other variables is resolved from them', async () => {
  const { read, text } = await run({});
  assert.equal(read('name.txt'), 'build/app-bin\n');
  assert.equal(read('plain.txt'), 'app.txt\n');
  assert.doesNotMatch(text, /\{\{\.NAME\}\}|\{\{\.PLAIN\}\}/);
});

test('(unit) taskfile import: the parameter a composed variable reads is still what --param sets, as data', async () => {
  const { read } = await run({ OUT: '$(echo pwned)' });
  assert.equal(read('name.txt'), '$(echo pwned)/app-bin\n');
});
