import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isResultOf, parseFromLanguageWorker, parseLanguageRequest, parseToLanguageWorker } from '../../../../src/language/worker/protocol.js';

test('well-formed host messages pass validation unchanged', () => {
  const messages = [
    { type: 'open', uri: 'file:///a', version: 1, text: 'version: 1\n', file: '/a' },
    { type: 'change', uri: 'file:///a', version: 2, changes: [{ offset: 0, length: 1, text: 'V' }] },
    { type: 'change', uri: 'file:///a', version: 3, text: 'whole' },
    { type: 'close', uri: 'file:///a' },
    { type: 'folders', folders: ['/ws'] },
    { type: 'request', id: 7, uri: 'file:///a', version: 3, request: { method: 'references', offset: 4, includeDeclaration: true } },
    { type: 'request', id: 8, uri: '', version: 0, request: { method: 'fileDiagnostics', file: '/ws/b.ansflow.yaml' } },
  ];
  for (const m of messages) assert.equal(parseToLanguageWorker(m), m, JSON.stringify(m));
});

test('malformed host messages are refused', () => {
  const bad: unknown[] = [
    null,
    'open',
    { type: 'open', uri: 'file:///a', version: 1 },
    { type: 'open', uri: 'file:///a', version: 1.5, text: '' },
    // Both forms, or neither, of a change.
    { type: 'change', uri: 'file:///a', version: 2, changes: [], text: 'x' },
    { type: 'change', uri: 'file:///a', version: 2 },
    { type: 'change', uri: 'file:///a', version: 2, changes: [{ offset: -1, length: 0, text: '' }] },
    { type: 'folders', folders: [1] },
    { type: 'request', id: 1, uri: 'u', version: 1, request: { method: 'hover' } },
    { type: 'request', id: 1, uri: 'u', version: 1, request: { method: 'toString', offset: 1 } },
    { type: 'request', id: 1, uri: 'u', version: 1, request: { method: 'rename', offset: 1 } },
    { type: 'request', id: 1, uri: 'u', version: 1, request: { method: 'selection', offsets: [1, '2'] } },
    { type: 'request', id: 1, uri: 'u', version: 1, request: { method: 'fileDiagnostics', file: '' } },
    { type: 'evaluate', code: 'process.exit()' },
  ];
  for (const m of bad) assert.equal(parseToLanguageWorker(m), undefined, JSON.stringify(m));
  assert.equal(parseLanguageRequest({ method: '__proto__' }), undefined);
});

test('worker messages: diagnostics and responses are checked, results by their method', () => {
  const diag = { code: 'unknown-need', message: 'x', severity: 'error', range: { start: 1, end: 2 } };
  const ok = { type: 'diagnostics', uri: 'u', version: 2, diagnostics: [diag], ms: 3 };
  assert.equal(parseFromLanguageWorker(ok), ok);
  assert.equal(parseFromLanguageWorker({ ...ok, diagnostics: [{ ...diag, range: { start: 1 } }] }), undefined);
  assert.equal(parseFromLanguageWorker({ ...ok, ms: undefined }), undefined);
  const answer = { type: 'response', id: 3, ok: true, result: [] };
  assert.equal(parseFromLanguageWorker(answer), answer);
  assert.equal(parseFromLanguageWorker({ type: 'response', id: 3, ok: true }), undefined);
  assert.equal(parseFromLanguageWorker({ type: 'response', id: 3, ok: false }), undefined);
  const stale = { type: 'response', id: 3, ok: false, stale: true, error: 'older' };
  assert.equal(parseFromLanguageWorker(stale), stale);
  assert.ok(isResultOf('complete', []));
  assert.ok(!isResultOf('complete', {}));
  assert.ok(isResultOf('hover', undefined));
  assert.ok(!isResultOf('hover', 'text'));
  assert.ok(isResultOf('codeActions', { missingFiles: [], fixes: [] }));
  assert.ok(!isResultOf('codeActions', { fixes: [] }));
  assert.ok(!isResultOf('diagnostics', [{ code: 'x' }]));
});

test('worker diagnostics: a severity the host cannot map or a malformed related location is refused', () => {
  const diag = { code: 'unknown-need', message: 'x', severity: 'error', range: { start: 1, end: 2 } };
  const pushed = (d: unknown) => parseFromLanguageWorker({ type: 'diagnostics', uri: 'u', version: 2, diagnostics: [d], ms: 3 });
  const related = { message: 'first set here', range: { start: 0, end: 1 } };
  assert.ok(pushed({ ...diag, related: [related, { ...related, file: '/ws/other.ansflow.yaml' }] }));
  assert.equal(pushed({ ...diag, severity: 'fatal' }), undefined);
  assert.equal(pushed({ ...diag, related: [{ message: 'no range' }] }), undefined);
  assert.equal(pushed({ ...diag, related: related }), undefined);
});

test('a file diagnostics result carries the text and well-formed diagnostics', () => {
  const diag = { code: 'unknown-need', message: 'x', severity: 'warning', range: { start: 1, end: 2 } };
  assert.ok(isResultOf('fileDiagnostics', undefined));
  assert.ok(isResultOf('fileDiagnostics', { text: 'version: 1\n', diagnostics: [diag] }));
  assert.ok(!isResultOf('fileDiagnostics', {}));
  assert.ok(!isResultOf('fileDiagnostics', { text: 'version: 1\n', diagnostics: [{ code: 'x' }] }));
  assert.ok(!isResultOf('fileDiagnostics', { diagnostics: [] }));
});

test('a graph view request carries well-formed diagnostics and an optional step id; its result a graph whole or a patch with its ranges', () => {
  const diag = { code: 'schema', message: 'x', severity: 'warning', range: { start: 1, end: 2 } };
  const good = { method: 'graphView', diagnostics: [diag], inspected: 'build' };
  assert.equal(parseLanguageRequest(good), good);
  assert.ok(parseLanguageRequest({ method: 'graphView', diagnostics: [] }));
  assert.equal(parseLanguageRequest({ method: 'graphView' }), undefined);
  assert.equal(parseLanguageRequest({ method: 'graphView', diagnostics: [{ ...diag, range: { start: -1, end: 2 } }] }), undefined);
  assert.equal(parseLanguageRequest({ method: 'graphView', diagnostics: [], inspected: 7 }), undefined);
  const graph = { nodes: [], edges: [], layers: [], cycles: [] };
  assert.ok(isResultOf('graphView', { id: 1, graph }));
  assert.ok(isResultOf('graphView', { id: 1, graph, form: { id: 'a', fields: [], problems: [] } }));
  const patch = { base: 1, patch: { removedNodes: [], nodes: [], removedEdges: [], edges: [], set: {} }, ranges: new Int32Array(4) };
  assert.ok(isResultOf('graphView', { id: 2, patch }));
  assert.ok(!isResultOf('graphView', { id: 2, graph, patch }), 'whole and a patch at once');
  assert.ok(!isResultOf('graphView', { id: 2, patch: { ...patch, ranges: [0, 1, 2, 3] } }), 'ranges as a typed array only');
  assert.ok(!isResultOf('graphView', { graph }), 'no id');
  assert.ok(!isResultOf('graphView', undefined));
  assert.ok(!isResultOf('graphView', { id: 1, graph: { nodes: {}, edges: [] } }));
  assert.ok(!isResultOf('graphView', { id: 1, graph: { nodes: [], edges: [] }, form: 'a' }));
  assert.ok(parseLanguageRequest({ method: 'graphView', diagnostics: [], editor: { key: 'e', base: 3 } }));
  assert.equal(parseLanguageRequest({ method: 'graphView', diagnostics: [], editor: { base: 3 } }), undefined);
  assert.equal(parseLanguageRequest({ method: 'graphView', diagnostics: [], editor: { key: 'e', base: -1 } }), undefined);
});

test('a graph edit request carries a well-formed edit; its result is edits or an error', () => {
  const good = { method: 'graphEdit', edit: { edit: 'addNeed', from: 'build', to: 'test' } };
  assert.equal(parseLanguageRequest(good), good);
  assert.equal(parseLanguageRequest({ method: 'graphEdit' }), undefined);
  assert.equal(parseLanguageRequest({ method: 'graphEdit', edit: { edit: 'addNeed', from: 'build' } }), undefined);
  assert.ok(parseToLanguageWorker({ type: 'request', id: 1, uri: 'file:///p', version: 2, request: good }));
  assert.equal(parseToLanguageWorker({ type: 'request', id: 1, uri: 'file:///p', version: 2, request: { method: 'graphEdit', edit: { edit: 'deleteStep' } } }), undefined);
  assert.ok(isResultOf('graphEdit', { edits: [{ range: { start: 0, end: 1 }, newText: 'x' }] }));
  assert.ok(isResultOf('graphEdit', { error: "There is no step 'x'." }));
  assert.ok(!isResultOf('graphEdit', undefined));
  assert.ok(!isResultOf('graphEdit', []));
});
