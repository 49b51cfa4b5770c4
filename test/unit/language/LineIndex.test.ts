import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../../src/language/LineIndex.js';

test('(unit) LineIndex maps offsets and positions for \\n, \\r\\n and \\r line ends', () => {
  const idx = new LineIndex('ab\ncd\r\nef\rgh');
  assert.equal(idx.lineCount, 4);
  const cases: Array<[number, number, number]> = [
    [0, 0, 0],
    [2, 0, 2],
    [3, 1, 0],
    [5, 1, 2],
    [7, 2, 0],
    [10, 3, 0],
    [12, 3, 2],
  ];
  for (const [offset, line, character] of cases) {
    assert.deepEqual(idx.positionAt(offset), { line, character }, `offset ${offset}`);
    assert.equal(idx.offsetAt({ line, character }), offset, `line ${line}:${character}`);
  }
  assert.equal(idx.lineText(1), 'cd');
  assert.equal(idx.offsetAt({ line: 1, character: 99 }), 5, 'clamped before \\r\\n');
  assert.equal(idx.offsetAt({ line: 99, character: 0 }), 12);
});

test('(unit) LineIndex counts characters in UTF-16 code units, like VS Code', () => {
  const text = 'a: "😀é"\nb: 1';
  const idx = new LineIndex(text);
  assert.deepEqual(idx.positionAt(text.indexOf('b')), { line: 1, character: 0 });
  assert.deepEqual(idx.positionAt(text.indexOf('é')), { line: 0, character: 6 });
  assert.deepEqual(idx.rangeAt({ start: 4, end: 6 }), { start: { line: 0, character: 4 }, end: { line: 0, character: 6 } });
});
