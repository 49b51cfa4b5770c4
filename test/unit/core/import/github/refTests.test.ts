// `startsWith(github.ref, 'refs/tags/')` reads as a tag test; written as a comparison it must keep
// the call's precedence, or `!startsWith(…)` would negate `ci.tag` alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { translateCondition } from '../../../../../src/core/import/github/expressions.js';
import { ImportScope } from '../../../../../src/core/import/github/scope.js';

function translated(condition: string): string {
  const t = translateCondition(condition, new ImportScope(), ['jobs', 'a']);
  assert.ok(t.ok, !t.ok ? t.reason : '');
  return t.text;
}

test('(unit) github import: a negated or compared ref prefix test keeps its grouping', () => {
  assert.equal(translated("!startsWith(github.ref, 'refs/tags/')"), "!(ci.tag != '')");
  assert.equal(translated("${{ ! startsWith(github.ref, 'refs/heads/') }}"), "! (ci.branch != '')");
  assert.equal(translated("startsWith(github.ref, 'refs/tags/') == false"), "(ci.tag != '') == false");
});

test('(unit) github import: a ref prefix test alone or joined by && stays unbracketed', () => {
  assert.equal(translated("startsWith(github.ref, 'refs/tags/')"), "ci.tag != ''");
  assert.equal(translated("github.event_name == 'push' && startsWith(github.ref, 'refs/tags/')"), "ci.event == 'push' && ci.tag != ''");
  assert.equal(translated("startsWith(github.ref, 'refs/heads/rel')"), "startsWith(ci.branch, 'rel')");
});
