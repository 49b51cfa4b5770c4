// The stand-in step an import leaves: a warning at the step in the editor, a failure when run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePipeline } from '../../../../../src/core/pipeline/index.js';
import { runPipeline } from '../../../../../src/core/runner/index.js';

const TEXT = `version: 1
steps:
  build:
    type: shell
    with: { run: echo built }
  deploy:
    type: placeholder
    needs: build
    with:
      original: |
        uses: example/deploy-action@v2
        with: { environment: production }
      reason: no local equivalent for this action
`;

test('(unit) placeholder step: a placeholder-step warning at the step id, no errors', () => {
  const parsed = parsePipeline(TEXT);
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
  const warnings = parsed.diagnostics.filter((d) => d.code === 'placeholder-step');
  assert.equal(warnings.length, 1);
  assert.equal(warnings[0]!.severity, 'warning');
  assert.equal(TEXT.slice(warnings[0]!.range.start, warnings[0]!.range.end), 'deploy');
  assert.match(warnings[0]!.message, /placeholder for uses: example\/deploy-action@v2/);
});

test('(unit) placeholder step: running it fails the step with one line naming the original and the reason', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'ansflow-placeholder-'));
  const summary = await runPipeline(parsePipeline(TEXT), { workspace: cwd }).done;
  assert.equal(summary.status, 'failed');
  const deploy = summary.steps.find((s) => s.step === 'deploy')!;
  assert.equal(deploy.status, 'failed');
  assert.equal(deploy.reason, 'placeholder for uses: example/deploy-action@v2: replace this step (no local equivalent for this action)');
  assert.equal(summary.steps.find((s) => s.step === 'build')!.status, 'success');
});
