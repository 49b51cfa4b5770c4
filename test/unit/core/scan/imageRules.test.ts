import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkImage } from '../../../../src/core/scan/imageRules.js';

const NOW = Date.parse('2026-12-01T00:00:00Z');

test('scan image: age over 90 days and USER 0 report; a recent non-root image does not', () => {
  const old = checkImage('app:1', { config: { User: '0:0' }, created: '2026-01-02T00:00:00Z', history: [] }, NOW);
  assert.deepEqual(old.map((f) => f.rule), ['image-root-user', 'image-old']);
  assert.equal(old[0]!.file, 'image:app:1');
  assert.deepEqual(checkImage('app:1', { config: { User: 'app', Env: ['TOKEN_FILE=', 'PATH=/bin'] }, created: '2026-11-20T00:00:00Z', history: [{ CreatedBy: '/bin/sh -c #(nop)  ENV API_KEY=abc' }] }, NOW), []);
});
