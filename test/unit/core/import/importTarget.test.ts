// Where the editor writes an imported pipeline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importTarget } from '../../../../src/core/import/importTarget.js';

test('(unit) import target: a GitHub workflow goes to the repository root, other files beside themselves', () => {
  assert.equal(importTarget('/repo/.github/workflows/ci.yml'), '/repo/ci.ansflow.yaml');
  assert.equal(importTarget('.github/workflows/release.yaml'), 'release.ansflow.yaml');
  assert.equal(importTarget('/repo/.gitlab-ci.yml'), '/repo/gitlab-ci.ansflow.yaml');
  assert.equal(importTarget('/repo/tools/Taskfile.yml'), '/repo/tools/Taskfile.ansflow.yaml');
  assert.equal(importTarget('/repo/docs/.github/workflows-copy/ci.yml'), '/repo/docs/.github/workflows-copy/ci.ansflow.yaml');
});
