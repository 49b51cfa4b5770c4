import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closestMatches, editDistance } from '../../../src/language/closest.js';

test('(unit) editDistance and closestMatches', () => {
  assert.equal(editDistance('build', 'biuld'), 1, 'a swap of two neighbours is one edit');
  assert.equal(editDistance('', 'abc'), 3);
  assert.deepEqual(closestMatches('biuld', ['build', 'test', 'deploy']), ['build']);
  assert.deepEqual(closestMatches('tset', ['test', 'tests', 'x']), ['test', 'tests'], 'best first');
  assert.deepEqual(closestMatches('zzzzzz', ['build', 'test']), []);
  assert.deepEqual(closestMatches('biuld', ['b', 'build']), ['build'], 'a one-letter id is not close to everything');
  assert.deepEqual(closestMatches('deploy', ['deploy-prod', 'deploy-staging']), ['deploy-prod', 'deploy-staging']);
});
