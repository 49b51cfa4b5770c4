// Every .gitlab-ci.yml of the GitLab corpus (test/fixtures/import/gitlab/*.gitlab-ci.yml): imported,
// validated, planned with GitLab's job graph (stages, needs, parallel sizes), compared with its
// golden pipeline; the ones that need no image, service or network run with the real runner in a
// temp folder and must succeed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importCi } from '../../../../../src/core/import/index.js';
import { importGitlab } from '../../../../../src/core/import/gitlab/importGitlab.js';
import { parsePipeline } from '../../../../../src/core/pipeline/index.js';
import { runPipeline } from '../../../../../src/core/runner/index.js';
import { roundTrip } from '../roundTrip.js';

const CORPUS = resolve(__dirname, '../../../../fixtures/import/gitlab');
const files = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.gitlab-ci.yml'))
  .sort();

/** Plain shell jobs: these run here as imported. */
const RUNNABLE = new Set(['local-shell.gitlab-ci.yml', 'parallel-local.gitlab-ci.yml']);

test('(unit) gitlab import corpus: at least 10 files', () => {
  assert.ok(files.length >= 10, `${files.length} files`);
});

for (const file of files) {
  test(`(unit) gitlab import: ${file} validates, plans with GitLab's job graph and matches its golden`, async () => {
    const path = join(CORPUS, file);
    const result = importGitlab(readFileSync(path, 'utf8'), { path });
    assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
    const { text } = await roundTrip(result.draft, { golden: path.replace(/\.gitlab-ci\.yml$/, '.ansflow.yaml') });
    if (!RUNNABLE.has(file)) return;
    const dir = mkdtempSync(join(tmpdir(), 'ansflow-import-gl-'));
    writeFileSync(join(dir, 'ci.ansflow.yaml'), text);
    const summary = await runPipeline(parsePipeline(text, { file: join(dir, 'ci.ansflow.yaml') }), { workspace: dir, concurrency: 4 }).done;
    assert.equal(summary.status, 'success', JSON.stringify(summary.steps.filter((s) => s.status !== 'success').map((s) => [s.step, s.status, s.reason])));
    if (file === 'parallel-local.gitlab-ci.yml') assert.equal(readFileSync(join(dir, 'merged.txt'), 'utf8'), 'chunk-1\nchunk-2\nchunk-3\n');
    if (file === 'local-shell.gitlab-ci.yml') assert.equal(readFileSync(join(dir, 'out/app.txt'), 'utf8'), 'hello from gitlab 1.4.2 (stable)\n');
  });
}

test('(unit) gitlab import: a .gitlab-ci.yml is detected and dispatched to the GitLab converter', () => {
  const result = importCi('.gitlab-ci.yml', 'stages: [build]\nbuild:\n  stage: build\n  script: make\n');
  assert.ok(result.ok && result.draft.format === 'gitlab');
});

test('(unit) gitlab import: every golden has its source', () => {
  for (const golden of readdirSync(CORPUS).filter((f) => f.endsWith('.ansflow.yaml'))) assert.ok(existsSync(join(CORPUS, golden.replace(/\.ansflow\.yaml$/, '.gitlab-ci.yml'))), golden);
});
