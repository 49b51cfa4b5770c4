// "Is this a CI run?" must not depend on how a CI service spells it: CI=yes skipping engine tests
// would turn a CI run green without running them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCI } from '../../ciMode.mjs';

test('(unit) any CI value but empty, false or 0 is a CI run', () => {
  for (const value of ['true', 'TRUE', '1', 'yes', 'woodpecker']) assert.equal(isCI({ CI: value }), true, `CI=${value}`);
  for (const value of [undefined, '', ' ', 'false', 'False', '0']) assert.equal(isCI({ CI: value }), false, `CI=${String(value)}`);
});
