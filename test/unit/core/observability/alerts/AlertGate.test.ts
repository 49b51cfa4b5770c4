import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AlertGate } from '../../../../../src/core/observability/alerts/index.js';

test('(unit) alerts gate: an object fires once per window, others independently', () => {
  let now = 1_000_000;
  const g = new AlertGate(() => now);
  assert.equal(g.admit('r#0', 'a', 60_000), true);
  assert.equal(g.admit('r#0', 'a', 60_000), false);
  assert.equal(g.admit('r#0', 'b', 60_000), true);
  assert.equal(g.admit('r#1', 'a', 60_000), true, 'another rule');
  now += 60_000;
  assert.equal(g.admit('r#0', 'a', 60_000), true, 'the window ended');
});

test('(unit) alerts gate: mute an object or a whole rule for a duration', () => {
  let now = 0;
  const g = new AlertGate(() => now);
  g.mute('r#0', 'a', 3_600_000);
  assert.equal(g.admit('r#0', 'a', 1), false);
  assert.equal(g.admit('r#0', 'b', 1), true);
  g.mute('r#1', undefined, 1000);
  assert.equal(g.admit('r#1', 'x', 1), false);
  now = 3_600_000;
  assert.equal(g.admit('r#0', 'a', 1), true, 'the mute ended');
  assert.equal(g.admit('r#1', 'x', 1), true);
});
