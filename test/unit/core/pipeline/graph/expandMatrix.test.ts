// Matrix expansion against the combinations GitHub Actions documents for include and exclude.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandMatrix, parsePipeline } from '../../../../../src/core/pipeline/index.js';

function keys(matrix: string): string[] {
  const text = `version: 1\nsteps:\n  s:\n    type: shell\n    with: { run: x }\n    matrix:\n${matrix.replace(/^/gm, '      ')}\n`;
  const parsed = parsePipeline(text);
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
  return expandMatrix(parsed.pipeline.steps[0]!).map((i) => i.key);
}

test('(unit) matrix include: keys go to every original combination they fit; added keys may be overwritten, axis values never', () => {
  const got = keys(`fruit: [apple, pear]
animal: [cat, dog]
include:
  - color: green
  - { color: pink, animal: cat }
  - { fruit: apple, shape: circle }
  - fruit: banana
  - { fruit: banana, animal: cat }`);
  assert.deepEqual(got, [
    's[fruit=apple,animal=cat,color=pink,shape=circle]',
    's[fruit=apple,animal=dog,color=green,shape=circle]',
    's[fruit=pear,animal=cat,color=pink]',
    's[fruit=pear,animal=dog,color=green]',
    // Fits no original combination, so it is one of its own; the next entry does not merge into it.
    's[fruit=banana]',
    's[fruit=banana,animal=cat]',
  ]);
});

test('(unit) matrix include: an entry naming only axis values of an existing combination adds nothing', () => {
  assert.deepEqual(keys(`os: [linux, mac]
node: [18, 20]
include:
  - { os: mac }
  - { os: linux, node: 20, npm: 6 }`), ['s[os=linux,node=18]', 's[os=linux,node=20,npm=6]', 's[os=mac,node=18]', 's[os=mac,node=20]']);
});

test('(unit) matrix include: applied after exclude (an excluded combination comes back only as a new one); include alone', () => {
  assert.deepEqual(keys(`os: [linux, mac]
node: [18, 20]
exclude:
  - { os: mac, node: 18 }
include:
  - { os: mac, node: 18, legacy: true }`), ['s[os=linux,node=18]', 's[os=linux,node=20]', 's[os=mac,node=20]', 's[os=mac,node=18,legacy=true]']);
  assert.deepEqual(keys(`include:
  - { site: production, datacenter: site-a }
  - { site: staging, datacenter: site-b }`), ['s[site=production,datacenter=site-a]', 's[site=staging,datacenter=site-b]']);
});
