// The e2e runner's verdicts: nothing run is not a pass, and a skipped host test fails a CI run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostVerdict, uiVerdict, type HostSummary } from '../../e2e/verdict.mjs';

const passed = (title: string) => ({ title, state: 'passed' as const });

test('(unit) e2e host verdict: passes only when tests ran and none failed', () => {
  const summary: HostSummary = { failures: 0, results: [passed('a'), passed('b')] };
  assert.deepEqual(hostVerdict(0, summary, { ci: true }), { ok: true, problems: [] });
  assert.equal(hostVerdict(0, { failures: 0, results: [] }, { ci: false }).ok, false, 'zero host tests');
  assert.equal(hostVerdict(0, undefined, { ci: false }).ok, false, 'no summary');
  assert.equal(hostVerdict(1, summary, { ci: false }).ok, false, 'non-zero exit');
  assert.equal(hostVerdict(0, { failures: 1, results: [passed('a'), { title: 'b', state: 'failed' }] }, { ci: false }).ok, false);
});

test('(unit) e2e host verdict: a skipped host test fails under CI and not elsewhere', () => {
  const summary: HostSummary = { failures: 0, results: [passed('a'), { title: 'needs docker', state: 'pending' }] };
  const ci = hostVerdict(0, summary, { ci: true });
  assert.equal(ci.ok, false);
  assert.match(ci.problems.join('\n'), /1 host test\(s\) skipped under CI: needs docker/);
  assert.equal(hostVerdict(0, summary, { ci: false }).ok, true);
});

test('(unit) e2e UI verdict: zero checks is a failure, as is any failed check', () => {
  assert.deepEqual(uiVerdict([]), { ok: false, problems: ['no UI check ran'] });
  assert.equal(uiVerdict([{ title: 'views', passed: true }]).ok, true);
  assert.equal(uiVerdict([{ title: 'views', passed: true }, { title: 'squiggle', passed: false }]).ok, false);
});
