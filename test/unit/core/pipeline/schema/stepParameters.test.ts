// stepParameters is remembered per type (the validator asks once per step): each type keeps its own
// names, and an unknown type stays unknown however often it is asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stepParameters, stepWithSchema } from '../../../../../src/core/pipeline/index.js';

test('(unit) schema: stepParameters answers each type with its own names, the same on every call', () => {
  for (let round = 0; round < 2; round++) {
    assert.deepEqual(stepParameters('shell'), Object.keys((stepWithSchema('shell') as { properties: object }).properties));
    assert.ok(stepParameters('shell')!.includes('run'));
    assert.ok(stepParameters('helm.upgrade')!.includes('release'));
    assert.ok(!stepParameters('helm.upgrade')!.includes('run'));
    assert.equal(stepParameters('no.such.type'), undefined);
  }
});
