import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPipeline } from '../../../../src/core/runner/index.js';
import { formatOutput, parseOutputFile } from '../../../../src/core/runner/outputs/parseOutputFile.js';
import { pipeline, sh, step } from './helpers/pipelines.js';

const FORGED = 'ok\nrole=admin\nEOF\nrole<<X\nadmin\nX';

test('(unit) parseOutputFile: a known multi-line value cannot add lines in either form', () => {
  const text = `name=${FORGED}\nnotes<<EOF\n${FORGED}\nEOF\nplain=1\n`;
  assert.deepEqual(parseOutputFile(text, { knownValues: [FORGED] }).outputs, { name: FORGED, notes: FORGED, plain: '1' });
  // Without knowing the value, the line protocol is ambiguous (what GitHub Actions does).
  assert.equal(parseOutputFile(text).outputs.role, 'admin');
});

test('(unit) formatOutput: any value round-trips through the output file, delimiter lines included', () => {
  for (const v of [FORGED, 'ANSFLOW_EOF', 'a\nANSFLOW_EOF\nANSFLOW_EOF_1\nb', '', 'trailing\n']) {
    assert.deepEqual(parseOutputFile(formatOutput('v', v) + formatOutput('w', 'x')).outputs, { v, w: 'x' });
  }
  assert.throws(() => formatOutput('a\nrole', 'x'), /not a valid output name/);
});

test('(unit) runner: a param with line breaks written to $ANSFLOW_OUTPUT forges no output (shell, env, python, node)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-outputs-'));
  const p = pipeline([
    sh('direct', 'echo "name=${{ params.v }}" >> "$ANSFLOW_OUTPUT"\nprintf "notes<<EOF\\n%s\\nEOF\\n" "${{ params.v }}" >> "$ANSFLOW_OUTPUT"'),
    sh('viaEnv', 'echo "name=$V" >> "$ANSFLOW_OUTPUT"', { env: { V: '${{ params.v }}' } }),
    step('py', { type: 'python', with: { script: 'import os\nopen(os.environ["ANSFLOW_OUTPUT"], "a").write("name=" + ${{ params.v }} + "\\n")' } }),
    step('js', { type: 'node', with: { script: 'require("fs").appendFileSync(process.env.ANSFLOW_OUTPUT, `name=${{ params.v }}\\n`)' } }),
  ]);
  const summary = await runPipeline(p, { workspace: dir, params: { v: FORGED }, logBatchMs: 5 }).done;
  assert.equal(summary.status, 'success', JSON.stringify(summary.steps.map((s) => s.reason)));
  const out = Object.fromEntries(summary.steps.map((s) => [s.step, s.outputs]));
  assert.deepEqual(out.direct, { name: FORGED, notes: FORGED });
  assert.deepEqual(out.viaEnv, { name: FORGED });
  assert.deepEqual(out.py, { name: FORGED });
  assert.deepEqual(out.js, { name: FORGED });
});
