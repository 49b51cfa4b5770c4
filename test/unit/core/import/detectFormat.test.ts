// Which converter a file goes to: by its conventional place first, then by its keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectFormat, importCi } from '../../../../src/core/import/index.js';

const GITHUB = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n';
const GITLAB = 'stages: [build]\nbuild:\n  stage: build\n  script: [make]\n';
const TASKFILE = "version: '3'\ntasks:\n  build:\n    cmds: [make]\n";

test('(unit) import detectFormat: by path, then by keys; undefined for other YAML', () => {
  assert.equal(detectFormat('repo/.github/workflows/ci.yml', 'anything: 1'), 'github');
  assert.equal(detectFormat('C:\\repo\\.github\\workflows\\ci.yaml', ''), 'github');
  assert.equal(detectFormat('repo/.gitlab-ci.yml', ''), 'gitlab');
  assert.equal(detectFormat('Taskfile.yaml', ''), 'taskfile');
  assert.equal(detectFormat('ci/workflow.yml', GITHUB), 'github');
  assert.equal(detectFormat('ci/pipeline.yml', GITLAB), 'gitlab');
  assert.equal(detectFormat('ci/pipeline.yml', 'build:\n  script: make\n'), 'gitlab', 'a job with script: and no stages');
  assert.equal(detectFormat('tasks.yml', TASKFILE), 'taskfile');
  assert.equal(detectFormat('notes.yml', 'title: hello\nitems: [1, 2]\n'), undefined);
  assert.equal(detectFormat('broken.yml', 'a: [unclosed'), undefined);
  assert.equal(detectFormat('k8s.yml', 'jobs:\n  x: 1\n'), undefined, 'jobs: without on: is not a workflow');
});

test('(unit) import importCi: --from wins over detection; unknown formats name the way out', () => {
  const forced = importCi('ci/pipeline.yml', GITHUB, { from: 'github' });
  assert.ok(forced.ok && forced.draft.format === 'github');
  const unknown = importCi('notes.yml', 'title: hello\n');
  assert.ok(!unknown.ok);
  assert.match(unknown.errors[0]!.message, /--from github\|gitlab\|taskfile/);
});
