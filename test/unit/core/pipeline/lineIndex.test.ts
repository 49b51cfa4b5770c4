import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../../../src/core/pipeline/index.js';
import { LineIndex as LanguageLineIndex } from '../../../../src/language/index.js';
import { formatDiagnostics } from '../../../../src/cli/support/loadPipelineFile.js';
import type { Diagnostic } from '../../../../src/core/contracts/diagnostics.js';

const LINES = ['version: 1', 'steps:', '  a: { type: shel }', '', 'x'];

for (const [name, eol] of [['\\n', '\n'], ['\\r\\n', '\r\n'], ['lone \\r', '\r']] as const) {
  test(`(unit) LineIndex: ${name} line ends give the same lines and columns`, () => {
    const text = LINES.join(eol) + eol;
    const idx = new LineIndex(text);
    assert.equal(idx.lineCount, LINES.length + 1);
    LINES.forEach((l, i) => assert.equal(idx.lineText(i), l, `line ${i}`));
    const at = text.indexOf('shel');
    assert.deepEqual(idx.positionAt(at), { line: 2, character: 13 });
    assert.deepEqual(idx.position(at), { line: 2, column: 13 });
    assert.equal(idx.offsetAt({ line: 2, character: 13 }), at);
    // Past the line end clamps before the line break, whatever its length.
    assert.equal(idx.offsetAt({ line: 1, character: 99 }), text.indexOf('steps:') + 'steps:'.length);
    // The CLI's file:line:col comes from the same index.
    const d: Diagnostic = { severity: 'error', code: 'unknown-step-type', message: 'm', range: { start: at, end: at + 4 } };
    assert.equal(formatDiagnostics('/w/p.yaml', text, [d], '/w'), 'p.yaml:3:14: error [unknown-step-type]: m\n');
  });
}

test('(unit) LineIndex: a \\r\\n pair is one line break, \\n\\r is two', () => {
  assert.equal(new LineIndex('a\r\nb').lineCount, 2);
  const idx = new LineIndex('a\n\rb');
  assert.equal(idx.lineCount, 3);
  assert.equal(idx.lineText(1), '');
  assert.deepEqual(idx.positionAt(3), { line: 2, character: 0 });
  // An offset between \r and \n belongs to the line the pair ends.
  assert.deepEqual(new LineIndex('a\r\nb').positionAt(2), { line: 0, character: 2 });
});

test('(unit) LineIndex: the language service uses the core index', () => {
  assert.equal(LanguageLineIndex, LineIndex);
});
