import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SchemaNavigator, describe as describeSchema } from '../../../src/language/SchemaNavigator.js';
import { stepSnippet, stepTypes, propertySnippet } from '../../../src/language/snippets.js';
import { miniSchema } from './fixtures/miniSchema.js';

const nav = new SchemaNavigator(miniSchema);

test('(unit) SchemaNavigator lists keys with required ones first', () => {
  assert.deepEqual(nav.propertiesAt([]).map((p) => [p.name, p.required]), [
    ['version', true],
    ['steps', true],
    ['name', false],
    ['concurrency', false],
  ]);
  assert.deepEqual(nav.propertiesAt(['steps', 'anything']).map((p) => p.name).slice(0, 2), ['type', 'needs']);
});

test('(unit) SchemaNavigator picks `with` by the step type (if/then) and keeps both when unknown', () => {
  const shell = new Map([['type', 'shell']]);
  const at = (p: Array<string | number>) => (p.length === 2 ? shell : undefined);
  assert.deepEqual(nav.propertiesAt(['steps', 'b', 'with'], at).map((p) => p.name), ['script', 'shell']);
  const docker = new Map([['type', 'docker.build']]);
  assert.deepEqual(nav.propertiesAt(['steps', 'b', 'with'], (p) => (p.length === 2 ? docker : undefined)).map((p) => p.name), ['image', 'context', 'pull']);
  assert.equal(nav.propertiesAt(['steps', 'b', 'with']).length, 5);
});

test('(unit) SchemaNavigator values, open mappings and descriptions', () => {
  assert.deepEqual(nav.valuesAt(['steps', 'x', 'type']), ['shell', 'docker.build']);
  assert.deepEqual(nav.valuesAt(['steps', 'x', 'continue-on-error']), [true, false]);
  assert.equal(nav.isOpenMapping(['steps']), true);
  assert.equal(nav.isOpenMapping([]), false);
  assert.equal(describeSchema(nav.schemasAt(['concurrency'])), 'Parallel steps.');
  assert.deepEqual(nav.schemasAt(['steps', 'x', 'needs', 0]).map((s) => s.type), ['string']);
});

test('(unit) snippets: a whole step with required `with` keys, enum choices, defaults', () => {
  assert.deepEqual(stepTypes(nav).map((t) => t.type), ['shell', 'docker.build']);
  assert.equal(stepSnippet(nav, 'docker.build'), '${1:id}:\n  type: docker.build\n  with:\n    image: ${2}$0');
  assert.equal(stepSnippet(nav, 'shell'), '${1:id}:\n  type: shell\n  with:\n    script: ${2}$0');
  const props = nav.propertiesAt(['steps', 'x']);
  const byName = (n: string) => props.find((p) => p.name === n)!;
  assert.equal(propertySnippet(byName('type')), 'type: ${1|shell,docker.build|}');
  assert.equal(propertySnippet(byName('needs')), 'needs:\n  - ${1}');
  assert.equal(propertySnippet(byName('continue-on-error')), 'continue-on-error: ${1|false,true|}');
  assert.equal(propertySnippet(nav.propertiesAt([]).find((p) => p.name === 'concurrency')!), 'concurrency: ${1:4}');
});
