// validateExpressions reads each expression text once (parsed and walked from offset 0) and moves
// what it found to every place the text occurs. These check the moving and that no diagnostic
// handed out shares state with what is kept for the next parse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePipeline } from '../../../../../src/core/pipeline/index.js';

const TEXT = [
  'version: 1',
  'params:',
  '  target: prod',
  'steps:',
  '  a:',
  '    type: shell',
  '    if: ${{ steps.b.status == \'failed\' }}',
  '    with:',
  '      run: echo ${{ params.nope }}',
  '  b:',
  '    type: shell',
  '    with:',
  '      run: echo one two ${{ params.nope }} and ${{ params.nope }}',
  '  c:',
  '    type: shell',
  '    needs: [b]',
  '    if: ${{ steps.b.status == \'failed\' }}',
  '    with:',
  '      run: echo ${{ params.targte }}',
  '',
].join('\n');

test('(unit) expressions: a text repeated at several places reports each place at its own range', () => {
  const { diagnostics } = parsePipeline(TEXT);
  const unknown = diagnostics.filter((d) => d.code === 'unknown-reference');
  assert.deepEqual(unknown.map((d) => TEXT.slice(d.range.start, d.range.end)), ['nope', 'nope', 'nope', 'targte']);
  assert.equal(new Set(unknown.map((d) => d.range.start)).size, 4);
  const status = diagnostics.filter((d) => d.code === 'status-value');
  assert.equal(status.length, 2);
  assert.deepEqual(status.map((d) => TEXT.slice(d.range.start, d.range.end)), ["'failed'", "'failed'"]);
  assert.notEqual(status[0]!.range.start, status[1]!.range.start);
  const syntax = parsePipeline(`version: 1\nsteps:\n  a:\n    type: shell\n    with:\n      run: echo \${{ 1 + }} \${{ 1 + }}\n`);
  const ranges = syntax.diagnostics.filter((d) => d.code === 'expression-syntax').map((d) => d.range.start);
  assert.equal(ranges.length, 2);
  assert.notEqual(ranges[0], ranges[1]);
});

test('(unit) expressions: changing a returned diagnostic changes nothing in the next parse', () => {
  const first = parsePipeline(TEXT).diagnostics;
  const expected = JSON.stringify(parsePipeline(TEXT).diagnostics);
  for (const d of first) {
    d.range.start = 0;
    d.range.end = 0;
    if (d.data) for (const v of Object.values(d.data)) if (Array.isArray(v)) v.push('changed');
  }
  assert.equal(JSON.stringify(parsePipeline(TEXT).diagnostics), expected);
});
