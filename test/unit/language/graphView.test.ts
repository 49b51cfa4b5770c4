// (unit) The graph editor's view of a text version, as the language worker computes it: the model with the
// editor's diagnostics on the nodes, the syntax error that keeps the last good graph, the inspected form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildGraphModel } from '../../../src/core/graph/index.js';
import type { Diagnostic } from '../../../src/core/contracts/diagnostics.js';
import { SchemaNavigator, type SchemaNode } from '../../../src/language/index.js';
import { graphView, SentGraphViews, stepForm } from '../../../src/language/graph/index.js';
import { analyze } from './fixtures/analyze.js';

const nav = new SchemaNavigator(JSON.parse(readFileSync('schemas/pipeline.schema.json', 'utf8')) as SchemaNode);
const TEXT = ['version: 1', 'steps:', '  build:', '    type: shell', '    with: {run: make}', '  test:', '    type: shell', '    needs: [build]', '    timeout: soon', '    with: {run: make test}', ''].join('\n');

test('(unit) graph view: the model carries the editor diagnostics given, else the analysis own', () => {
  const a = analyze(TEXT);
  const own = graphView(a, nav, []);
  assert.deepEqual(own.graph, buildGraphModel(a.parsed));
  assert.equal(own.graph.nodes.find((n) => n.id === 'test')?.errors, 1, 'the bad timeout is the analysis own error');
  assert.equal(own.syntax, undefined);
  // The editor's list (every provider's) replaces the analysis's: here a warning on `build` only.
  const start = TEXT.indexOf('build:');
  const editor: Diagnostic[] = [{ severity: 'warning', code: 'schema', message: 'from another provider', range: { start, end: start + 5 } }];
  const given = graphView(a, nav, editor);
  assert.deepEqual(given.graph, buildGraphModel(a.parsed, editor));
  assert.equal(given.graph.nodes.find((n) => n.id === 'build')?.warnings, 1);
  assert.equal(given.graph.nodes.find((n) => n.id === 'test')?.errors, 0);
});

test('(unit) graph view: the inspected step form, none for a step that is gone or when none is inspected', () => {
  const a = analyze(TEXT);
  assert.equal(graphView(a, nav, []).form, undefined);
  assert.deepEqual(graphView(a, nav, [], 'test').form, stepForm(a, nav, 'test', a.parsed.diagnostics));
  assert.equal(graphView(a, nav, [], 'test').form?.fields.find((f) => f.key.join('.') === 'timeout')?.value, 'soon');
  assert.equal(graphView(a, nav, [], 'gone').form, undefined);
});

test('(unit) graph view: a text that does not parse names its syntax error and where, and sends no form', () => {
  const broken = TEXT.replace('needs: [build]', 'needs: [build');
  const a = analyze(broken);
  const v = graphView(a, nav, [], 'test');
  assert.ok(v.syntax, 'a syntax error is reported');
  assert.ok(v.syntax.start >= broken.indexOf('needs: [build'), `at ${v.syntax.start}`);
  assert.match(v.syntax.message, /./);
  assert.equal(v.form, undefined);
});

test('(unit) sent graph views: a patch only of the answer the editor holds; the least recently asked editor beyond the limit is forgotten', () => {
  const a = analyze(TEXT);
  const view = graphView(a, nav, []);
  const sent = new SentGraphViews(2);
  const first = sent.answer('file:///p', 'e1', undefined, view);
  assert.ok(first.graph, 'whole the first time');
  assert.ok(sent.answer('file:///p', 'e1', first.id, view).patch, 'then a patch of it');
  const e2 = sent.answer('file:///p', 'e2', undefined, view);
  const e1 = sent.answer('file:///p', 'e1', undefined, view);
  assert.ok(e1.graph, 'no base given: whole');
  assert.ok(sent.answer('file:///other', 'e1', e1.id, view).graph, 'another document under the same key: whole');
  sent.answer('file:///p', 'e3', undefined, view);
  // e2 was asked least recently: forgotten when e3 came.
  assert.ok(sent.answer('file:///p', 'e2', e2.id, view).graph, 'forgotten beyond the limit: whole');
});

test('(unit) sent graph views: a restarted service does not take an id an editor holds from the one before for its own', () => {
  const a = analyze(TEXT);
  const view = graphView(a, nav, []);
  // The editor holds answer `held` of the first worker; the restarted one answers the editor once more (an
  // answer the editor dropped for a newer edit), then is asked with the old base.
  const held = new SentGraphViews().answer('file:///p', 'e1', undefined, view);
  const restarted = new SentGraphViews();
  restarted.answer('file:///p', 'e1', undefined, view);
  assert.ok(restarted.answer('file:///p', 'e1', held.id, view).graph, 'the old base is not its own: the whole view');
});
