// (unit) A graph edit as a value: each request gives exactly the edits of the function it names (so the
// language worker and the host's fallback work out the same edit), and malformed ones are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SchemaNavigator, type SchemaNode } from '../../../src/language/index.js';
import { addJob, addNeed, addStep, deleteJob, deleteStep, duplicateStep, graphEdit, isGraphEditRequest, isGraphEditResult, removeNeed, renameJob, renameStep, setStepKey, type GraphEditRequest, type GraphEditResult } from '../../../src/language/graph/index.js';
import { analyze } from './fixtures/analyze.js';

const nav = new SchemaNavigator(JSON.parse(readFileSync('schemas/pipeline.schema.json', 'utf8')) as SchemaNode);
const TEXT = `version: 1
steps:
  build:
    type: shell
    with:
      run: make
  test:
    type: shell
    needs: [build]
    with:
      run: make test
jobs:
  deploy:
    steps:
      push:
        type: shell
        with:
          run: ./push
`;

test('(unit) graph edit request: each kind gives the edits of the function it names', () => {
  const a = analyze(TEXT, '/ws/p.ansflow.yaml');
  const cases: Array<[GraphEditRequest, GraphEditResult]> = [
    [{ edit: 'addStep', stepType: 'shell', needs: ['build'] }, addStep(a, nav, 'shell', { needs: ['build'] })],
    [{ edit: 'addStep', stepType: 'shell', job: 'deploy' }, addStep(a, nav, 'shell', { job: 'deploy' })],
    [{ edit: 'addNeed', from: 'test', to: 'push' }, addNeed(a, 'test', 'push')],
    [{ edit: 'removeNeed', from: 'build', to: 'test' }, removeNeed(a, 'build', 'test')],
    [{ edit: 'duplicateStep', id: 'build' }, duplicateStep(a, 'build')],
    [{ edit: 'deleteStep', id: 'build' }, deleteStep(a, 'build')],
    [{ edit: 'renameStep', id: 'build', name: 'compile' }, renameStep(a, 'build', 'compile')],
    [{ edit: 'renameStep', id: 'build', name: 'test' }, renameStep(a, 'build', 'test')],
    [{ edit: 'setKey', id: 'test', key: ['timeout'], value: '5m' }, setStepKey(a, 'test', ['timeout'], '5m')],
    [{ edit: 'setKey', id: 'test', key: ['with', 'run'], value: null }, setStepKey(a, 'test', ['with', 'run'], null)],
    [{ edit: 'addJob' }, addJob(a, nav)],
    [{ edit: 'addJob', stepType: 'http' }, addJob(a, nav, 'http')],
    [{ edit: 'deleteJob', id: 'deploy' }, deleteJob(a, 'deploy')],
    [{ edit: 'renameJob', id: 'deploy', name: 'ship' }, renameJob(a, 'deploy', 'ship')],
  ];
  for (const [request, expected] of cases) {
    assert.ok(isGraphEditRequest(request), JSON.stringify(request));
    const got = graphEdit(a, nav, request);
    assert.deepEqual(got, expected, JSON.stringify(request));
    assert.ok(isGraphEditResult(got), JSON.stringify(got));
  }
  assert.ok(cases.some(([, r]) => 'error' in r) && cases.some(([, r]) => 'edits' in r && r.edits.length), 'both outcomes covered');
});

test('(unit) graph edit request: malformed requests and results are refused', () => {
  for (const bad of [undefined, null, [], {}, { edit: 'explode' }, { edit: 'addNeed', from: 'a' }, { edit: 'addStep' }, { edit: 'addStep', stepType: 'shell', needs: 'a' }, { edit: 'renameStep', id: 'a' }, { edit: 'setKey', id: 'a', key: [], value: 1 }, { edit: 'setKey', id: 'a', key: ['x'], value: {} }, { edit: 'setKey', id: 'a', key: ['x'], value: Number.NaN }, { edit: 'addJob', stepType: 3 }, { edit: 'deleteJob' }]) {
    assert.equal(isGraphEditRequest(bad), false, JSON.stringify(bad));
  }
  assert.ok(isGraphEditResult({ error: 'no' }));
  assert.ok(isGraphEditResult({ edits: [], select: 'a' }));
  for (const bad of [undefined, { error: 3 }, { edits: {} }, { edits: [{ range: { start: -1, end: 0 }, newText: '' }] }, { edits: [{ range: { start: 4, end: 2 }, newText: '' }] }, { edits: [{ range: { start: 0, end: 0 } }] }]) assert.equal(isGraphEditResult(bad), false, JSON.stringify(bad));
});
