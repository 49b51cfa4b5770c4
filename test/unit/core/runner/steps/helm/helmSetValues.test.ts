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
