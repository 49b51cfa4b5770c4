// (integration) helm.* `set` / `setString` with values from expressions, rendered by the real helm
// (`helm template`, no cluster): a value is one value, never more keys or a list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireEngine } from '../engines.js';
import { findHelm, helmTemplate, runToolCommand } from '../../../src/core/clients/helm/index.js';
import { installOptions } from '../../../src/core/runner/steps/helm/helmForStep.js';
import { withInlineValues } from '../../../src/core/runner/steps/helm/inlineValuesFile.js';
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

test('(integration) helm values: an inline `values` map is a 0600 values file, values as data (helm template)', async (t) => {
  if (!requireEngine(t, 'helm')) return;
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-helmvals-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'c', 'templates'), { recursive: true });
  writeFileSync(join(dir, 'c', 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
  writeFileSync(join(dir, 'c', 'values.yaml'), 'a: ""\nb: unset\nnum: 0\n"n": "key"\n');
  writeFileSync(join(dir, 'c', 'templates', 'v.yaml'), 'values: {{ toJson .Values }}\n');
  writeFileSync(join(dir, 'named.yaml'), 'b: from-named-file\nnum: 1\n');
  // As the runner hands it over: `values` is interpolated as data (a value with `,`, `=` or a newline is just text).
  // `n` and `yes` are booleans to Helm's YAML 1.1 unless quoted: the file quotes them.
  const w = { release: 'r', chart: './c', values: { a: 'a,b=c\nnum: 9', num: 2, n: 'yes' }, valuesFiles: ['named.yaml'] };
  const o = installOptions({ with: w, workspace: dir, dryRun: false });
  let mode = 0;
  const out = await withInlineValues(w, o, (withFile) => {
    mode = statSync(withFile.valuesFiles!.at(-1)!).mode & 0o777;
    return runToolCommand(helmTemplate(findHelm(process.env.ANSFLOW_TEST_HELM), withFile));
  });
  assert.equal(mode, 0o600);
  const values = JSON.parse(/values: (.*)/.exec(out)![1]!) as Record<string, unknown>;
  assert.deepEqual(values, { a: 'a,b=c\nnum: 9', b: 'from-named-file', num: 2, n: 'yes' });
});
