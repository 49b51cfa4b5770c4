import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvFileSecretProvider, runPipeline } from '../../../../src/core/runner/index.js';
import type { Approver } from '../../../../src/core/runner/approvals/Approver.js';
import { pipeline, step } from './helpers/pipelines.js';

const R = { start: 0, end: 0 };

test('(unit) runner: an approval message never hands a secret to the approver (editor modal, CLI prompt)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-approval-secret-'));
  const secret = 'hunter2-topsecret-value';
  const seen: string[] = [];
  const approver: Approver = {
    decide: async (req) => {
      seen.push(req.message);
      return { decision: 'approved', by: 'tester' };
    },
  };
  const p = pipeline([step('gate', { type: 'approval', with: { message: 'deploy with token ${{ secrets.tok }}?' } })], {
    secrets: [{ name: 'tok', source: { kind: 'env', variable: 'S_TOK' }, required: true, range: R, nameRange: R }],
  });
  const summary = await runPipeline(p, { workspace: dir, approver, secrets: new EnvFileSecretProvider({ env: { S_TOK: secret }, baseDir: dir }) }).done;
  assert.equal(summary.status, 'success');
  assert.equal(seen.length, 1);
  assert.ok(!seen[0]!.includes(secret), `secret reached the approver: ${seen[0]}`);
  assert.match(seen[0]!, /\*\*\*/);
});
