// (integration) helm.* `set` / `setString` with values from expressions, rendered by the real helm
// (`helm template`, no cluster): a value is one value, never more keys or a list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireEngine } from '../engines.js';
import { findHelm, helmTemplate, runToolCommand } from '../../../src/core/clients/helm/index.js';
import { installOptions } from '../../../src/core/runner/steps/helm/helmForStep.js';
import { evaluateExpression, type ExpressionContext } from '../../../src/core/pipeline/index.js';

test('(integration) helm --set: a value `a,b=c` sets only its own key, literally (helm template)', async (t) => {
  if (!requireEngine(t, 'helm')) return;
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-helmset-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'c', 'templates'), { recursive: true });
  writeFileSync(join(dir, 'c', 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
  writeFileSync(join(dir, 'c', 'values.yaml'), 'a: ""\nb: unset\ns: ""\nlist: []\n');
  writeFileSync(join(dir, 'c', 'templates', 'v.yaml'), 'values: {{ toJson .Values }}\n');
  const expr: ExpressionContext = { params: { v: 'a,b=c', w: '{x,y}\\.[0]' }, env: {}, secrets: {}, steps: {}, matrix: {}, run: { id: 'r' }, pipeline: { status: 'running', name: 'p' }, state: { failed: false, cancelled: false } };
  const o = installOptions({
    with: { release: 'r', chart: './c', set: { a: '${{ params.v }}', list: '{one,two}' }, setString: { s: 'pre-${{ params.w }}' } },
    workspace: dir,
    dryRun: false,
    evaluate: (s) => evaluateExpression(s, expr),
  });
  const out = await runToolCommand(helmTemplate(findHelm(process.env.ANSFLOW_TEST_HELM), o));
  const values = JSON.parse(/values: (.*)/.exec(out)![1]!) as Record<string, unknown>;
  assert.deepEqual(values, { a: 'a,b=c', b: 'unset', s: 'pre-{x,y}\\.[0]', list: ['one', 'two'] });
});
