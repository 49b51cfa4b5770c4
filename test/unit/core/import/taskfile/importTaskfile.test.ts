// Task's meaning, case by case: values reach commands as data, each command keeps its `cd` to
// itself, includes are namespaced, prompts ask, and bad input is a one-line error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importTaskfile } from '../../../../../src/core/import/taskfile/importTaskfile.js';
import type { ImportDraft } from '../../../../../src/core/import/draft.js';
import { parsePipeline } from '../../../../../src/core/pipeline/index.js';
import { PresetApprover, runPipeline } from '../../../../../src/core/runner/index.js';
import { roundTrip } from '../roundTrip.js';

const SOURCE = { path: join(tmpdir(), 'no-such-dir', 'Taskfile.yml') };

function draftOf(text: string): ImportDraft {
  const result = importTaskfile(text, SOURCE);
  assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
  return result.draft;
}

async function run(draft: ImportDraft, options: { params?: Record<string, unknown>; approve?: string[] } = {}) {
  const { text } = await roundTrip(draft);
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-task-sem-'));
  mkdirSync(join(dir, 'sub'));
  const summary = await runPipeline(parsePipeline(text, { file: join(dir, 'p.ansflow.yaml') }), {
    workspace: dir,
    params: options.params ?? {},
    approver: new PresetApprover({ steps: options.approve ?? [] }),
  }).done;
  return { dir, summary, status: (id: string) => summary.steps.find((s) => s.step === id)?.status };
}

test('(unit) taskfile import: a variable value is data in the command, never code; a multi-word value still splits', async () => {
  const d = draftOf(`version: '3'
vars:
  NAME: world
  FLAGS: -n -e
tasks:
  greet:
    cmds:
      - echo "hello {{.NAME}}" > greeting
      - echo {{.FLAGS}} > flags
`);
  const { dir, summary } = await run(d, { params: { NAME: '$(touch pwned)' } });
  assert.equal(summary.status, 'success');
  assert.equal(readFileSync(join(dir, 'greeting'), 'utf8'), 'hello $(touch pwned)\n');
  assert.ok(!existsSync(join(dir, 'pwned')));
  // `echo -n -e` as two options: nothing but an empty line without the newline.
  assert.equal(readFileSync(join(dir, 'flags'), 'utf8'), '');
});

test('(unit) taskfile import: a cd in one command does not move the next one, as each Task command has its own shell', async () => {
  const d = draftOf(`version: '3'
tasks:
  where:
    cmds:
      - cd sub && touch inside
      - touch outside
`);
  const { dir } = await run(d);
  assert.ok(existsSync(join(dir, 'sub', 'inside')) && existsSync(join(dir, 'outside')));
});

test('(unit) taskfile import: deps and task calls are needs; a missing task is an error', () => {
  const d = draftOf(`version: '3'
tasks:
  a: { cmds: [echo a] }
  b: { cmds: [echo b] }
  c:
    deps: [a]
    cmds:
      - task: b
      - echo c
`);
  assert.deepEqual(d.sourceGraph.edges, [{ from: 'a', to: 'c' }, { from: 'b', to: 'c' }]);
  assert.equal(d.warnings.length, 0, 'a leading call keeps its order');
  const bad = importTaskfile("version: '3'\ntasks:\n  c: { deps: [ghost], cmds: [x] }\n", SOURCE);
  assert.ok(!bad.ok && bad.errors[0].message.includes("'ghost'"));
});

test('(unit) taskfile import: a prompt asks before the task runs; refused, nothing runs', async () => {
  const d = draftOf(`version: '3'
tasks:
  wipe:
    prompt: Really wipe?
    cmds: [touch wiped]
`);
  const refused = await run(d);
  assert.ok(!existsSync(join(refused.dir, 'wiped')));
  const approved = await run(d, { approve: ['wipe'] });
  assert.ok(existsSync(join(approved.dir, 'wiped')));
});

test('(unit) taskfile import: a failed precondition fails the task with its message', async () => {
  const d = draftOf(`version: '3'
tasks:
  guarded:
    preconditions:
      - sh: test -f missing.txt
        msg: missing.txt is needed
    cmds: [touch ran]
`);
  const { dir, status, summary } = await run(d);
  assert.equal(status('guarded'), 'failed');
  assert.ok(!existsSync(join(dir, 'ran')));
  assert.ok(summary.steps.length === 1);
});

test('(unit) taskfile import: included tasks get their namespace, and their deps resolve inside it', () => {
  const result = importTaskfile(readFileSync(join(__dirname, '../../../../fixtures/import/taskfile/includes.taskfile.yml'), 'utf8'), {
    path: join(__dirname, '../../../../fixtures/import/taskfile/includes.taskfile.yml'),
  });
  assert.ok(result.ok);
  const steps = result.draft.pipeline.steps as Record<string, Record<string, unknown>>;
  assert.equal(steps['lib-test'].name, 'lib:test');
  assert.equal(steps['lib-test'].needs, 'lib-build');
  assert.equal(steps['lib-build'].workingDirectory, 'lib');
  assert.ok(steps.fmt, 'a flattened include keeps task names');
  assert.equal(steps.shared.type, 'placeholder');
});

test('(unit) taskfile import: only version 3 is read; bad YAML is a one-line error with its line', () => {
  const v2 = importTaskfile("version: '2'\ntasks: {}\n", SOURCE);
  assert.ok(!v2.ok && /version 3/.test(v2.errors[0].message));
  const yaml = importTaskfile("version: '3'\ntasks:\n  a: [x\n", SOURCE);
  assert.ok(!yaml.ok && yaml.errors[0].line !== undefined);
});

test('(unit) taskfile import: the pipeline is named after the folder of a Taskfile.yml given by a relative path', () => {
  const result = importTaskfile("version: '3'\ntasks:\n  a: [echo a]\n", { path: 'Taskfile.yml' });
  assert.ok(result.ok);
  assert.equal(result.draft.pipeline.name, join(process.cwd()).split('/').pop());
});

test('(unit) taskfile import: a for loop over a Taskfile variable walks the value given as a parameter', async () => {
  const d = draftOf(`version: '3'
vars:
  NAMES: a b c
tasks:
  touch:
    cmds:
      - for: { var: NAMES }
        cmd: touch "made-{{.ITEM}}"
`);
  const { dir } = await run(d, { params: { NAMES: 'x y' } });
  assert.ok(existsSync(join(dir, 'made-x')) && existsSync(join(dir, 'made-y')) && !existsSync(join(dir, 'made-a')));
});

test('(unit) taskfile import: a variable in generates is its default, fixed at import, and a comment on upToDate says so', async () => {
  const draft = draftOf("version: '3'\nvars: { OUT: build }\ntasks:\n  b:\n    sources: [src/*.txt]\n    generates: ['{{.OUT}}/all.txt']\n    cmds: ['cat src/*.txt > {{.OUT}}/all.txt']\n");
  const b = (draft.pipeline.steps as Record<string, Record<string, unknown>>).b!;
  assert.deepEqual(b.upToDate, { sources: ['src/*.txt'], generates: ['build/all.txt'] });
  const note = draft.comments.find((c) => c.path.join('.') === 'steps.b.upToDate');
  assert.match(note?.text ?? '', /\{\{\.OUT\}\} .*default value, fixed at import: --param OUT=/);
  const { text } = await roundTrip(draft);
  assert.match(text, /# \{\{\.OUT\}\} in dir, sources and generates is the default value[^\n]*\n\s+upToDate:/);
});
