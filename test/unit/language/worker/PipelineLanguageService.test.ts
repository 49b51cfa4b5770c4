import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePipeline } from '../../../../src/core/pipeline/index.js';
import type { Diagnostic } from '../../../../src/core/contracts/diagnostics.js';
import { complete, hover, pipelineDiagnostics, SchemaNavigator } from '../../../../src/language/index.js';
import { addNeed, graphView, renameStep } from '../../../../src/language/graph/index.js';
import { applyGraphPatch, buildGraphModel, withGraphRanges } from '../../../../src/core/graph/index.js';
import { applyChanges, PipelineLanguageService, StaleRequestError } from '../../../../src/language/worker/PipelineLanguageService.js';
import { analyze } from '../fixtures/analyze.js';
import { miniSchema } from '../fixtures/miniSchema.js';

const nav = new SchemaNavigator(miniSchema);
const TEXT = `version: 1
steps:
  build:
    type: shell
    with:
      run: echo building
  test:
    type: shell
    needs: [build]
    with:
      run: echo testing
`;
const URI = 'file:///ws/p.ansflow.yaml';

function service(): { svc: PipelineLanguageService; pushed: { version: number; codes: string[] }[] } {
  const pushed: { version: number; codes: string[] }[] = [];
  const svc = new PipelineLanguageService({
    parse: parsePipeline,
    nav,
    workspace: {},
    onDiagnostics: (_uri, version, diagnostics: Diagnostic[]) => pushed.push({ version, codes: diagnostics.map((d) => d.code) }),
  });
  return { svc, pushed };
}

const at = (needle: string, text = TEXT): number => text.indexOf(needle);

test('edits apply in order, each on the text the previous one left', () => {
  assert.equal(applyChanges('abcdef', [{ offset: 1, length: 2, text: 'XY Z' }, { offset: 0, length: 1, text: '' }]), 'XY Zdef');
});

test('a burst of edits is analysed once, at its newest version: the versions in between get no diagnostics', () => {
  const { svc, pushed } = service();
  svc.handle({ type: 'open', uri: URI, version: 1, text: TEXT, file: '/ws/p.ansflow.yaml' });
  const needs = at('[build]') + 1;
  // v2 breaks the need, v3 breaks it differently, v4 repairs it.
  svc.handle({ type: 'change', uri: URI, version: 2, changes: [{ offset: needs, length: 5, text: 'biuld' }] });
  svc.handle({ type: 'change', uri: URI, version: 3, changes: [{ offset: needs, length: 5, text: 'bxild' }] });
  svc.handle({ type: 'change', uri: URI, version: 4, changes: [{ offset: needs, length: 5, text: 'build' }] });
  assert.ok(svc.pending);
  svc.flush();
  assert.deepEqual(pushed, [{ version: 4, codes: [] }]);
  assert.ok(!svc.pending);
  svc.handle({ type: 'change', uri: URI, version: 5, text: TEXT.replace('[build]', '[biuld]') });
  svc.flush();
  assert.deepEqual(pushed.at(-1), { version: 5, codes: ['unknown-need'] });
});

test('a request names its version: an older or newer one is refused as stale, a closed document too', () => {
  const { svc, pushed } = service();
  svc.handle({ type: 'open', uri: URI, version: 1, text: TEXT });
  svc.handle({ type: 'change', uri: URI, version: 2, changes: [{ offset: 0, length: 0, text: '# c\n' }] });
  assert.throws(() => svc.request(URI, 1, { method: 'hover', offset: 3 }), StaleRequestError);
  assert.throws(() => svc.request(URI, 3, { method: 'hover', offset: 3 }), StaleRequestError);
  assert.ok(svc.request(URI, 2, { method: 'hover', offset: at('build') + 4 }));
  svc.handle({ type: 'close', uri: URI });
  svc.flush();
  assert.deepEqual(pushed, [], 'a closed document gets no diagnostics');
  assert.throws(() => svc.request(URI, 2, { method: 'symbols' }), StaleRequestError);
});

test('answers equal the language features called directly on the same text', () => {
  const { svc } = service();
  const text = TEXT.replace('[build]', '[biuld]');
  svc.handle({ type: 'open', uri: URI, version: 1, text, file: '/ws/p.ansflow.yaml' });
  const direct = analyze(text);
  const typeAt = at('type: shell', text) + 'type: sh'.length;
  assert.deepEqual(svc.request(URI, 1, { method: 'complete', offset: typeAt }), complete(direct, nav, typeAt, { text, workspace: {} }));
  assert.deepEqual(svc.request(URI, 1, { method: 'hover', offset: at('build', text) + 1 }), hover(direct, nav, at('build', text) + 1, {}));
  assert.deepEqual(svc.request(URI, 1, { method: 'diagnostics' }), pipelineDiagnostics(direct, {}));
  const actions = svc.request(URI, 1, { method: 'codeActions', start: at('biuld', text), end: at('biuld', text) });
  assert.ok(actions.fixes.some((f) => f.title.includes("'build'")), JSON.stringify(actions.fixes.map((f) => f.title)));
  assert.throws(() => svc.request(URI, 1, { method: 'rename', offset: at('build', text), newName: 'test' }), /test/);
});

test('the graph view is the one computed from the analysis of the version asked for, and a stale one is refused', () => {
  const { svc } = service();
  const text = TEXT.replace('[build]', '[biuld]');
  svc.handle({ type: 'open', uri: URI, version: 1, text, file: '/ws/p.ansflow.yaml' });
  const direct = analyze(text);
  assert.deepEqual(svc.request(URI, 1, { method: 'graphView', diagnostics: [], inspected: 'test' }), { ...graphView(direct, nav, [], 'test'), id: 0 });
  const view = svc.request(URI, 1, { method: 'graphView', diagnostics: [] });
  assert.deepEqual(view.graph?.nodes.map((n) => [n.id, n.errors]), [['build', 0], ['test', 1]]);
  svc.handle({ type: 'change', uri: URI, version: 2, changes: [{ offset: at('biuld', text), length: 5, text: 'build' }] });
  assert.throws(() => svc.request(URI, 1, { method: 'graphView', diagnostics: [] }), StaleRequestError);
  assert.deepEqual(svc.request(URI, 2, { method: 'graphView', diagnostics: [] }).graph?.nodes.map((n) => n.errors), [0, 0]);
});

test('a graph editor that names the view it holds gets patches of it, which rebuild the whole model with its ranges', () => {
  const { svc } = service();
  svc.handle({ type: 'open', uri: URI, version: 1, text: TEXT, file: '/ws/p.ansflow.yaml' });
  const ask = (version: number, base?: number, key = 'editor-1') => svc.request(URI, version, { method: 'graphView', diagnostics: [], editor: { key, ...(base !== undefined ? { base } : {}) } });
  const first = ask(1);
  assert.ok(first.graph && !first.patch, 'the first view is whole');
  let held = { id: first.id, graph: first.graph };
  // Edits that shift every offset after them, add a step and a need, and break a need.
  const edits: Array<(t: string) => string> = [
    (t) => `# a comment that moves every range\n${t}`,
    (t) => t.replace('  test:', '  lint:\n    type: shell\n    with:\n      run: echo lint\n  test:'),
    (t) => t.replace('[build]', '[lint]'),
    (t) => t.replace('[lint]', '[nope]'),
  ];
  let text = TEXT;
  let version = 1;
  for (const edit of edits) {
    text = edit(text);
    assert.notEqual(text, TEXT);
    version++;
    svc.handle({ type: 'change', uri: URI, version, text });
    const answer = ask(version, held.id);
    assert.ok(answer.patch, `a patch at version ${version}`);
    assert.equal(answer.patch.base, held.id);
    const graph = withGraphRanges(applyGraphPatch(held.graph, answer.patch.patch), answer.patch.ranges);
    assert.deepEqual(graph, buildGraphModel(parsePipeline(text, { file: '/ws/p.ansflow.yaml' })), `version ${version}: the patched model is the whole one`);
    held = { id: answer.id, graph: graph! };
  }
  // A base it did not send last to this editor, another editor, or a closed document: the whole view.
  assert.ok(ask(version, held.id - 1).graph, 'an older base');
  assert.ok(ask(version, undefined, 'editor-2').graph, 'another editor, no base');
  const again = ask(version);
  svc.handle({ type: 'close', uri: URI });
  svc.handle({ type: 'open', uri: URI, version: 1, text, file: '/ws/p.ansflow.yaml' });
  assert.ok(ask(1, again.id).graph, 'forgotten when the document closed');
});

test('completion answers from the last analysis without parsing the newer text', () => {
  let parses = 0;
  const svc = new PipelineLanguageService({
    parse: (t, o) => (parses++, parsePipeline(t, o)),
    nav,
    workspace: {},
    onDiagnostics: () => undefined,
  });
  svc.handle({ type: 'open', uri: URI, version: 1, text: TEXT });
  svc.flush();
  assert.equal(parses, 1);
  const line = at('    needs:');
  svc.handle({ type: 'change', uri: URI, version: 2, changes: [{ offset: line, length: 0, text: '    \n' }] });
  const keys = svc.request(URI, 2, { method: 'complete', offset: line + 4 });
  assert.equal(parses, 1, 'no parse for completion');
  assert.deepEqual(keys.map((k) => k.label), ['continue-on-error'], 'schema keys the step does not have yet');
  svc.request(URI, 2, { method: 'hover', offset: line + 4 });
  assert.equal(parses, 2, 'hover needs the current version');
});

test('a graph edit is worked out from the analysis of the version asked for, and a stale one is refused', () => {
  const { svc } = service();
  svc.handle({ type: 'open', uri: URI, version: 1, text: TEXT, file: '/ws/p.ansflow.yaml' });
  const add = svc.request(URI, 1, { method: 'graphEdit', edit: { edit: 'addNeed', from: 'test', to: 'build' } });
  assert.deepEqual(add, addNeed(analyze(TEXT), 'test', 'build'));
  assert.match('error' in add ? add.error : '', /cycle|already|needs/i, 'build after test closes a cycle');
  const text = TEXT.replace('  test:', '  check:').replace('[build]', '[build]');
  svc.handle({ type: 'change', uri: URI, version: 2, changes: [{ offset: at('  test:'), length: 7, text: '  check:' }] });
  assert.throws(() => svc.request(URI, 1, { method: 'graphEdit', edit: { edit: 'renameStep', id: 'test', name: 'x' } }), StaleRequestError);
  const rename = svc.request(URI, 2, { method: 'graphEdit', edit: { edit: 'renameStep', id: 'check', name: 'verify' } });
  assert.deepEqual(rename, renameStep(analyze(text), 'check', 'verify'));
  assert.ok('edits' in rename && rename.edits.length, JSON.stringify(rename));
});
