// Every Taskfile of the Taskfile corpus (test/fixtures/import/taskfile/*.taskfile.yml): imported,
// validated, planned with Task's graph (deps and task calls), compared with its golden pipeline;
// the ones that need only a POSIX shell run with the real runner in a temp folder and must succeed,
// with the files Task would have left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importCi } from '../../../../../src/core/import/index.js';
import { importTaskfile } from '../../../../../src/core/import/taskfile/importTaskfile.js';
import { parsePipeline } from '../../../../../src/core/pipeline/index.js';
import { runPipeline } from '../../../../../src/core/runner/index.js';
import { roundTrip } from '../roundTrip.js';

const CORPUS = resolve(__dirname, '../../../../fixtures/import/taskfile');
const files = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.taskfile.yml'))
  .sort();

/** What each runnable Taskfile leaves behind (path → content). */
const RUNNABLE: Record<string, Record<string, string>> = {
  'local-files.taskfile.yml': { 'bundle.txt': '<h1>Release notes</h1>\nbody { margin: 0 }\n', 'site/meta.txt': 'lang=en\n' },
  // The two defers run last first, so the first one's '>' wins.
  'loops.taskfile.yml': { 'out/ap.txt': 'region ap\n', 'out/report.yaml': 'format\n', 'count.txt': '5\n', 'package.log': 'packaged\n' },
  'docs-site.taskfile.yml': { 'public/usage.md': '# usage\n', 'public/index.txt': 'index.txt\nintro.md\nplatform.txt\nusage.md\n' },
};

test('(unit) taskfile import corpus: at least 10 Taskfiles', () => {
  assert.ok(files.length >= 10, `${files.length} files`);
});

async function runIn(file: string, text: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-import-task-'));
  const seed = join(CORPUS, file.replace(/\.taskfile\.yml$/, '.files'));
  if (existsSync(seed)) cpSync(seed, dir, { recursive: true });
  writeFileSync(join(dir, 'Taskfile.ansflow.yaml'), text);
  const summary = await runPipeline(parsePipeline(text, { file: join(dir, 'Taskfile.ansflow.yaml') }), { workspace: dir, concurrency: 4 }).done;
  assert.equal(summary.status, 'success', JSON.stringify(summary.steps.filter((s) => s.status !== 'success').map((s) => [s.step, s.status, s.reason])));
  return dir;
}

for (const file of files) {
  test(`(unit) taskfile import: ${file} validates, plans with Task's graph and matches its golden`, async () => {
    const path = join(CORPUS, file);
    const result = importTaskfile(readFileSync(path, 'utf8'), { path });
    assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
    const { text } = await roundTrip(result.draft, { golden: path.replace(/\.taskfile\.yml$/, '.ansflow.yaml') });
    const expected = RUNNABLE[file];
    if (!expected) return;
    const dir = await runIn(file, text);
    for (const [rel, content] of Object.entries(expected)) assert.equal(readFileSync(join(dir, rel), 'utf8'), content, rel);
  });
}

test('(unit) taskfile import: a deferred command runs after a failing command too, as in Task', async () => {
  const path = join(CORPUS, 'inline.taskfile.yml');
  const result = importTaskfile("version: '3'\ntasks:\n  fail:\n    cmds:\n      - defer: touch deferred-ran\n      - 'false'\n      - touch not-reached\n", { path });
  assert.ok(result.ok);
  const { text } = await roundTrip(result.draft);
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-import-task-'));
  const summary = await runPipeline(parsePipeline(text, { file: join(dir, 'p.ansflow.yaml') }), { workspace: dir }).done;
  assert.equal(summary.status, 'failed');
  assert.ok(existsSync(join(dir, 'deferred-ran')), 'the defer ran');
  assert.ok(!existsSync(join(dir, 'not-reached')));
});

test('(unit) taskfile import: a status that holds skips the commands, as Task does', async () => {
  const path = join(CORPUS, 'inline.taskfile.yml');
  const result = importTaskfile("version: '3'\ntasks:\n  gen:\n    status: [test -f done]\n    cmds:\n      - echo run >> log\n      - touch done\n", { path });
  assert.ok(result.ok);
  const { text } = await roundTrip(result.draft);
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-import-task-'));
  for (let i = 0; i < 2; i++) assert.equal((await runPipeline(parsePipeline(text, { file: join(dir, 'p.ansflow.yaml') }), { workspace: dir }).done).status, 'success');
  assert.equal(readFileSync(join(dir, 'log'), 'utf8'), 'run\n');
});

test('(unit) taskfile import: a Taskfile.yml is detected and dispatched to the Taskfile converter', () => {
  const result = importCi('Taskfile.yml', "version: '3'\ntasks:\n  hi:\n    cmds: [echo hi]\n");
  assert.ok(result.ok && result.draft.format === 'taskfile');
});
