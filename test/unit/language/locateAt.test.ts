import { test } from 'node:test';
import assert from 'node:assert/strict';
import { locateAt, mappingSiblings } from '../../../src/language/locateAt.js';
import { cursor } from './cursor.js';

const cases: Array<{ src: string; kind: string; path: Array<string | number>; prefix?: string; key?: string; chain?: string[]; inSequence?: boolean }> = [
  { src: 'version: 1\nsteps:\n  build:\n    type: shell\n    ne|', kind: 'key', path: ['steps', 'build'], prefix: 'ne' },
  { src: 'steps:\n  build:\n    type: sh|', kind: 'value', path: ['steps', 'build', 'type'], prefix: 'sh', key: 'type' },
  { src: 'steps:\n  build:\n    needs: [a, b|]', kind: 'value', path: ['steps', 'build', 'needs', 1], prefix: 'b', inSequence: true },
  { src: 'steps:\n  build:\n    needs:\n      - a\n      - |', kind: 'value', path: ['steps', 'build', 'needs', 1], prefix: '', inSequence: true },
  { src: 'steps:\n- id: a\n  needs:\n  - x|', kind: 'value', path: ['steps', 0, 'needs', 0], prefix: 'x' },
  { src: 'steps:\n  b:\n    with:\n      script: echo ${{ steps.x.outputs.| }}', kind: 'expression', path: ['steps', 'b', 'with', 'script'], chain: ['steps', 'x', 'outputs', ''] },
  { src: 'steps:\n  b:\n    if: success() && params.ta|', kind: 'expression', path: ['steps', 'b', 'if'], chain: ['params', 'ta'] },
  { src: 'steps:\n  build:\n    \n  |\n', kind: 'key', path: ['steps'], prefix: '' },
  { src: 'steps:\n  build:\n    type: shell\n\n    |\n  test:\n', kind: 'key', path: ['steps', 'build'] },
  { src: 'params:\n  - name: a\n    type: string\n  - name: b\n    |', kind: 'key', path: ['params', 1] },
  { src: 'params:\n  - name: a\n  - name: b\n    type: |', kind: 'value', path: ['params', 1, 'type'], key: 'type' },
  { src: 'steps:\n  bu|ild:\n    type: shell', kind: 'key', path: ['steps'], key: 'build', prefix: 'bu' },
  { src: '|', kind: 'key', path: [] },
  { src: 'steps:\n  a: # about |', kind: 'comment', path: [] },
  { src: 'steps:\n  a:\n    with:\n      script: >-\n        echo hi\n        ec|', kind: 'value', path: ['steps', 'a', 'with', 'script'] },
];

for (const c of cases) {
  test(`(unit) locateAt ${JSON.stringify(c.src)}`, () => {
    const { text, offset } = cursor(c.src);
    const loc = locateAt(text, offset);
    assert.equal(loc.kind, c.kind);
    assert.deepEqual(loc.path, c.path);
    if (c.prefix !== undefined) assert.equal(loc.prefix, c.prefix);
    if (c.key !== undefined) assert.equal(loc.key, c.key);
    if (c.chain) assert.deepEqual(loc.expression?.chain, c.chain);
    if (c.inSequence !== undefined) assert.equal(loc.inSequence, c.inSequence);
  });
}

test('(unit) mappingSiblings reads the keys of the mapping around a line, not its neighbours', () => {
  const { text, offset } = cursor('steps:\n  a:\n    type: shell\n  b:\n    type: "docker.build"\n    # c\n    |\n    name: B\n  c:\n    type: x\n');
  const siblings = mappingSiblings(text, offset, 4);
  assert.deepEqual([...siblings], [['type', 'docker.build'], ['name', 'B']]);
  const items = cursor('p:\n  - name: a\n    type: string\n  - name: b\n    |\n');
  assert.deepEqual([...mappingSiblings(items.text, items.offset, 4)], [['name', 'b']]);
});
