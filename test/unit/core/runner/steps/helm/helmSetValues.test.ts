import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHelmSetValue, helmUpgrade } from '../../../../../../src/core/clients/helm/helmCommands.js';
import { installOptions } from '../../../../../../src/core/runner/steps/helm/helmForStep.js';
import { helmInstallStep } from '../../../../../../src/core/runner/steps/helm/installStep.js';
import { helmUpgradeStep } from '../../../../../../src/core/runner/steps/helm/upgradeStep.js';
import { evaluateExpression, type ExpressionContext } from '../../../../../../src/core/pipeline/index.js';

const expr: ExpressionContext = { params: { v: 'a,b=c', dotted: 'x.y[0]\\{z}', n: 3, nested: '${{ secrets.s }}' }, env: {}, secrets: { s: 'hidden' }, steps: {}, matrix: {}, run: { id: 'r' }, pipeline: { status: 'running', name: 'p' }, state: { failed: false, cancelled: false } };
const evaluate = (source: string) => evaluateExpression(source, expr);

test('(unit) helm --set: values from expressions are escaped so `a,b=c` sets no `b`; literal --set syntax is kept', () => {
  assert.equal(helmInstallStep.withValues?.set, 'raw');
  assert.equal(helmUpgradeStep.withValues?.setString, 'raw');
  assert.equal(escapeHelmSetValue('a,b=c'), 'a\\,b\\=c');
  const w = {
    release: 'web',
    chart: 'repo/web',
    set: { a: '${{ params.v }}', 'image.tag': 'v-${{ params.dotted }}', replicas: '${{ params.n }}', list: '{x,y}', nested: '${{ params.nested }}' },
    setString: { s: '${{ params.v }}' },
  };
  const cmd = helmUpgrade('helm', installOptions({ with: w, workspace: '/w', dryRun: false, evaluate }));
  const sets = cmd.args.flatMap((a, i) => (cmd.args[i - 1] === '--set' || cmd.args[i - 1] === '--set-string' ? [`${cmd.args[i - 1]} ${a}`] : []));
  assert.deepEqual(sets, [
    '--set a=a\\,b\\=c',
    '--set image.tag=v-x\\.y\\[0\\]\\\\\\{z\\}',
    '--set replicas=3',
    '--set list={x,y}',
    '--set nested=$\\{\\{ secrets\\.s \\}\\}',
    '--set-string s=a\\,b\\=c',
  ]);
});

test('(unit) helm --set: a whole map from one expression has every value escaped', () => {
  const e: ExpressionContext = { ...expr, params: { json: '{"a":"x,b=y","n":2}' } };
  const ev = (source: string) => evaluateExpression(source, e);
  const o = installOptions({ with: { release: 'r', chart: 'c', set: '${{ fromJSON(params.json) }}' }, workspace: '/w', dryRun: false, evaluate: ev });
  assert.deepEqual(o.set, { a: 'x\\,b\\=y', n: 2 });
  assert.throws(() => installOptions({ with: { release: 'r', chart: 'c', set: '${{ 3 }}' }, workspace: '/w', dryRun: false, evaluate: ev }), /with\.set must be a map/);
});

test('(unit) helm log line: --set values are shown unescaped, so a secret in one is masked like any other', async () => {
  const { runPipeline } = await import('../../../../../../src/core/runner/index.js');
  const { StaticSecretProvider } = await import('../../../../../../src/core/runner/secrets/SecretProvider.js');
  const { pipeline, step } = await import('../../helpers/pipelines.js');
  const { mkdtempSync, writeFileSync, chmodSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-helmlog-'));
  // A stand-in helm that prints a release, so the step runs end to end without a cluster.
  const fake = join(dir, 'helm');
  writeFileSync(fake, '#!/bin/sh\ncat >/dev/null\necho \'{"name":"r","namespace":"n","version":1,"info":{"status":"deployed"},"chart":{"metadata":{"name":"c","version":"1"}}}\'\n');
  chmodSync(fake, 0o755);
  const R = { start: 0, end: 0 };
  const p = pipeline([step('h', { type: 'helm.upgrade', with: { release: 'r', chart: 'c', helmPath: fake, set: { pw: '${{ secrets.pw }}' } } })], {
    secrets: [{ name: 'pw', source: { kind: 'env', variable: 'PW' }, required: true, range: R, nameRange: R }],
  });
  const h = runPipeline(p, { workspace: dir, logBatchMs: 5, secrets: new StaticSecretProvider({ pw: 'p4ss.w0rd,x' }) });
  const logs: string[] = [];
  h.onEvent((e) => void (e.type === 'step-log' && logs.push(e.text)));
  const summary = await h.done;
  const text = logs.join('');
  assert.equal(summary.status, 'success', text + JSON.stringify(summary.steps));
  assert.match(text, /\$ helm upgrade r c --set pw=\*+/);
  assert.ok(!text.includes('p4ss') && !text.includes('w0rd'), text);
});
