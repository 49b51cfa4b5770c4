import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPipeline } from '../../../../../src/core/runner/index.js';
import { StaticSecretProvider } from '../../../../../src/core/runner/secrets/SecretProvider.js';
import { pipeline, step } from '../helpers/pipelines.js';

const R = { start: 0, end: 0 };

test('(unit) file template: values are inserted once and never evaluated again (a value `${{ secrets.x }}` stays text)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-tplvals-'));
  writeFileSync(join(dir, 'greet.tpl'), 'hello ${{ params.who }}\n');
  const p = pipeline(
    [
      step('fromFile', { type: 'file', with: { action: 'template', src: 'greet.tpl', dest: 'out/file.txt' } }),
      step('fromContent', { type: 'file', with: { action: 'template', content: "hi ${{ params.who }} ${{ format('{0}{1}', 1, 2) }}\n", dest: 'out/content.txt' } }),
    ],
    { params: [{ name: 'who', type: 'string', default: '', required: false, range: R, nameRange: R }], secrets: [{ name: 'token', source: { kind: 'env', variable: 'T' }, required: true, range: R, nameRange: R }] },
  );
  const h = runPipeline(p, { workspace: dir, logBatchMs: 5, params: { who: '${{ secrets.token }}' }, secrets: new StaticSecretProvider({ token: 'TOPSECRET' }) });
  const summary = await h.done;
  assert.equal(summary.status, 'success', JSON.stringify(summary.steps));
  assert.equal(readFileSync(join(dir, 'out/file.txt'), 'utf8'), 'hello ${{ secrets.token }}\n');
  assert.equal(readFileSync(join(dir, 'out/content.txt'), 'utf8'), 'hi ${{ secrets.token }} 12\n');
});
