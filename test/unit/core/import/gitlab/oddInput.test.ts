// Odd and wrong-typed input never throws: each file gives an error with a message, or a draft that
// validates (keys with values GitLab would refuse are reported or left out).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { importGitlab } from '../../../../../src/core/import/gitlab/importGitlab.js';
import { roundTrip } from '../roundTrip.js';

const ODD = [
  '',
  '- a',
  'j: 5',
  'j: { script: 5 }',
  'j: { script: null }',
  'j: { script: x, needs: 5 }',
  'j: { script: x, parallel: { matrix: 5 } }',
  'j: { script: x, rules: x }',
  'j: { script: x, rules: [5, null] }',
  'j: { script: x, only: 5 }',
  'j: { script: x, variables: [1] }',
  'j: { script: x, cache: 5, artifacts: 5, image: 5, services: [5, {}] }',
  'j: { script: x, timeout: soon, retry: x }',
  'j: { script: x, extends: 5 }',
  'include: 5\nj: { script: x }',
  'stages: 5\nj: { script: x }',
  'workflow: { rules: [ { if: "((" } ] }\nj: { script: x }',
  'j: { script: x, rules: [ { if: "$A ==" } ] }',
  'variables: { A: { value: null } }\nj: { script: x }',
  'j: { script: !reference [.nope, script] }',
  'j: { script: x, trigger: null }',
];

test('(unit) gitlab import: odd input gives an error or a pipeline that validates, never a throw', async () => {
  for (const text of ODD) {
    const result = importGitlab(text, { path: join(tmpdir(), 'odd', '.gitlab-ci.yml') });
    if (!result.ok) {
      assert.ok(result.errors.length && result.errors.every((e) => e.message.length > 0 && !e.message.includes('\n')), text);
      continue;
    }
    await roundTrip(result.draft);
  }
});
