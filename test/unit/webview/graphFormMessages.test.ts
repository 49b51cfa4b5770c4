// (unit) The side form's and the job edits' messages are validated on arrival, both directions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzePipeline, SchemaNavigator, type SchemaNode } from '../../../src/language/index.js';
import { stepForm } from '../../../src/language/graph/index.js';
import { parsePipeline } from '../../../src/core/pipeline/index.js';
import { parseFromGraphWebview, parseToGraphWebview } from '../../../webview/shared/graphMessages.js';

test('(unit) graph form messages from the webview: setKey, inspect and job edits pass; malformed ones are dropped', () => {
  assert.deepEqual(parseFromGraphWebview({ type: 'setKey', id: 'a', key: ['with', 'run'], value: 'echo "x": {y}' }), { type: 'setKey', id: 'a', key: ['with', 'run'], value: 'echo "x": {y}' });
  assert.deepEqual(parseFromGraphWebview({ type: 'setKey', id: 'a', key: ['timeout'], value: null, x: 1 }), { type: 'setKey', id: 'a', key: ['timeout'], value: null });
  assert.deepEqual(parseFromGraphWebview({ type: 'setKey', id: 'a', key: ['retry'], value: 2 }), { type: 'setKey', id: 'a', key: ['retry'], value: 2 });
  assert.deepEqual(parseFromGraphWebview({ type: 'inspect' }), { type: 'inspect' });
  assert.deepEqual(parseFromGraphWebview({ type: 'inspect', id: 'b' }), { type: 'inspect', id: 'b' });
  assert.deepEqual(parseFromGraphWebview({ type: 'addJob' }), { type: 'addJob' });
  assert.deepEqual(parseFromGraphWebview({ type: 'addJob', stepType: 'docker.build' }), { type: 'addJob', stepType: 'docker.build' });
  assert.deepEqual(parseFromGraphWebview({ type: 'renameJob', id: 'build' }), { type: 'renameJob', id: 'build' });
  assert.deepEqual(parseFromGraphWebview({ type: 'deleteJob', id: 'build' }), { type: 'deleteJob', id: 'build' });
  for (const bad of [
    { type: 'setKey', id: 'a', key: 'timeout', value: '1m' },
    { type: 'setKey', id: 'a', key: [], value: '1m' },
    { type: 'setKey', id: 'a', key: ['with', 'run', 'x'], value: '1m' },
    { type: 'setKey', id: 'a', key: ['with', '../x'], value: '1m' },
    { type: 'setKey', id: 'a', key: ['timeout'], value: { nested: 1 } },
    { type: 'setKey', id: 'a', key: ['timeout'], value: Number.NaN },
    { type: 'setKey', id: 'a', key: ['timeout'] },
    { type: 'setKey', id: 'a b', key: ['timeout'], value: '1m' },
    { type: 'inspect', id: 3 },
    { type: 'addJob', stepType: 'shell; rm' },
    { type: 'renameJob' },
    { type: 'deleteJob', id: '../x' },
  ]) {
    assert.equal(parseFromGraphWebview(bad), undefined, JSON.stringify(bad));
  }
});

test('(unit) graph form messages from the host: a real form passes after JSON, broken ones do not', () => {
  const nav = new SchemaNavigator(JSON.parse(readFileSync('schemas/pipeline.schema.json', 'utf8')) as SchemaNode);
  const a = analyzePipeline(parsePipeline, 'version: 1\nsteps:\n  a:\n    type: shell\n    timeout: soon\n    with: {run: x}\n', {});
  const form = JSON.parse(JSON.stringify(stepForm(a, nav, 'a', a.parsed.diagnostics)));
  assert.deepEqual(parseToGraphWebview({ type: 'form', form }), { type: 'form', form });
  assert.deepEqual(parseToGraphWebview({ type: 'form' }), { type: 'form' });
  const field = form.fields[0];
  for (const bad of [
    { ...form, id: 1 },
    { ...form, fields: 'x' },
    { ...form, fields: [{ ...field, kind: 'script' }] },
    { ...form, fields: [{ ...field, value: { x: 1 } }] },
    { ...form, fields: [{ ...field, problems: [{ severity: 'fatal', message: 'x' }] }] },
    { ...form, problems: undefined },
  ]) {
    assert.equal(parseToGraphWebview({ type: 'form', form: bad }), undefined, JSON.stringify(bad).slice(0, 80));
  }
});
