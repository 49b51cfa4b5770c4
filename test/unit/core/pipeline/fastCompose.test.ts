// The fast composer must build exactly what yaml builds (values, node kinds, ranges) or give up.
// Differential checks on the examples, on generated pipelines and on random mutations of both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { isMap, isNode, isPair, isScalar, isSeq, Pair, parseDocument, Scalar, visit, type Document } from 'yaml';
import { isAliasFree } from '../../../../src/core/pipeline/parse/aliasFreeDocument.js';
import { fastCompose } from '../../../../src/core/pipeline/parse/fastCompose.js';
import { aliasTable } from '../../../../src/core/pipeline/parse/aliasBudget.js';
import { generatePipeline } from '../../../../bench/fixtures/generatePipeline.js';

const RUNS = Number(process.env.ANSFLOW_PROPERTY_RUNS ?? 100);
const EXAMPLES = resolve(__dirname, '../../../../examples');
const TEXTS = readdirSync(EXAMPLES).filter((f) => f.endsWith('.ansflow.yaml')).sort().map((f) => readFileSync(join(EXAMPLES, f), 'utf8'));

function dump(n: unknown, out: string[] = [], path = ''): string[] {
  if (isScalar(n)) out.push(`${path} S ${JSON.stringify(n.value)} ${n.range?.[0]}-${n.range?.[1]} ${n.type}`);
  else if (isMap(n)) {
    out.push(`${path} M ${n.range?.[0]}-${n.range?.[1]} ${n.flow ? 'flow' : ''}`);
    n.items.forEach((p, i) => {
      dump(p.key, out, `${path}/k${i}`);
      dump(p.value, out, `${path}/v${i}`);
    });
  } else if (isSeq(n)) {
    out.push(`${path} Q ${n.range?.[0]}-${n.range?.[1]} ${n.flow ? 'flow' : ''}`);
    n.items.forEach((x, i) => dump(x, out, `${path}/${i}`));
  } else out.push(`${path} other ${String(n)}`);
  return out;
}

/** Either the fast result is undefined, or yaml parses the text cleanly to the same tree. */
function agrees(text: string): boolean {
  const fast = fastCompose(text);
  if (!fast) return false;
  const slow = parseDocument(text, { merge: true, uniqueKeys: false, logLevel: 'error' });
  assert.deepEqual(slow.errors.map((e) => e.code), [], `fast path accepted text yaml rejects:\n${text}`);
  assert.deepEqual(dump(fast.contents), dump(slow.contents));
  assert.deepEqual(fast.toJS(), slow.toJS());
  return true;
}

test('(unit) fastCompose: examples and generated pipelines take the fast path and match yaml exactly', () => {
  for (const t of [...TEXTS, generatePipeline(200)]) assert.equal(agrees(t), true);
});

test('(unit) fastCompose: constructs outside the subset fall back', () => {
  for (const t of ['a: &x 1\nb: *x\n', 'a: !!str 1\n', '<<: {a: 1}\n', '---\na: 1\n', 'a: "multi\n  line"\n', 'a: [1,\n  2]\n', 'a:\n\tb: 1\n', '- a\n', 'a: b: c\n', 'a: |+\n  x\n', 'a: x\n  continued\n', 'a: 1\r\nb: 2\r\n']) {
    assert.equal(fastCompose(t), undefined, JSON.stringify(t));
  }
});

test('(unit) fastCompose: its documents carry the alias-free flag, yaml\'s do not', () => {
  const text = 'a: 1\nb: [x, y]\n';
  const fast = fastCompose(text)!;
  assert.equal(isAliasFree(fast), true);
  assert.equal(fast.aliasFree, true);
  assert.equal(aliasTable(fast).targets.size, 0);
  assert.deepEqual(Object.keys(fast).filter((k) => k === 'aliasFree'), [], 'the flag stays out of enumerations');
  const slow = parseDocument('a: &x [1]\nb: *x\n');
  assert.equal(isAliasFree(slow), false);
  assert.equal(aliasTable(slow).targets.size, 1);
});

test('(unit) fastCompose: its scalars and pairs are yaml nodes to every yaml API that reads them', () => {
  const text = 'version: 1\nsteps:\n  - id: a\n    run: "echo hi"\n    with: {x: [1, two]}\n';
  const fast = fastCompose(text)!;
  const slow = parseDocument(text, { merge: true, uniqueKeys: false, logLevel: 'error' });
  const kinds = (doc: Document) => {
    const out: string[] = [];
    visit(doc, {
      Scalar: (_k, n) => void out.push(`S ${String(n.value)} ${n instanceof Scalar} ${isNode(n)} ${n.type} ${n.range}`),
      Pair: (_k, n) => void out.push(`P ${n instanceof Pair} ${isPair(n)} ${Object.keys(n).join(',')}`),
    });
    return out;
  };
  assert.deepEqual(kinds(fast), kinds(slow));
  assert.equal(fast.toString(), slow.toString());
  const root = fast.contents as unknown as { items: Pair<Scalar, Scalar>[] };
  assert.deepEqual(Object.keys(root.items[0]!.key), ['value', 'range', 'type', 'source']);
  assert.deepEqual(JSON.stringify(root.items[0]), JSON.stringify((slow.contents as unknown as typeof root).items[0]));
  // A clone is a node of the same kind, with its own range.
  const key = root.items[0]!.key;
  const copy = key.clone() as Scalar;
  assert.equal(isScalar(copy), true);
  assert.deepEqual(copy.range, key.range);
  assert.notEqual(copy.range, key.range);
  // Edits through yaml's API reach the text.
  fast.setIn(['steps', 0, 'run'], 'echo bye');
  assert.match(fast.toString(), /run: "echo bye"/);
});

test('(unit) fastCompose: hand-picked edge cases agree with yaml', () => {
  const cases = [
    'a:\nb: 1\n',
    'a: # c\nb:\n',
    's:\n- \n- x\n',
    'a: x  \nb: 1',
    'k:\n  - a\n  -\n    b: 1\n',
    'a: >-\n  x\n  y\nb: 2\n',
    't: |-\n  x\n\n  y\n\nz: 1\n',
    't: |\n  # not a comment\n  echo "#{x}" # nor this\n# but this is\nu: 2\n',
    'q: "tab\\there \\u00e9 \\"x\\""\nr: \'it\'\'s\'\n',
    'f: {a: 1, b: [x, "y", {c: d}], e: ~}\ng: []\nh: {}\n',
    'n: [1, -2, 3.5, 1e3, .5, +7, 007, true, False, null, ~, 0.]\n',
    'url: http://127.0.0.1:8080/x#frag\nk: a#b\n',
    'a:\n  - x: 1\n    y: 2\n  - "q"\n  - [1]\n',
    '# lead\n\na: 1 # trailing\n\n# mid\nb:\n  # inner\n  c: 2\n',
    '"quoted key": 1\n\'single\': 2\n1: int key\ntrue: bool key\n',
    'a:\n- x\n- y\nb: 1\n',
    'a:\n  w:\n\n  x: 1\n',
    'a:\n  w: # c\n\nb: 1\n',
    's:\n  -\n\nb: 1\n',
    'a:\n  w:\n    - 1\n  # c\nb: 1\n',
    'with:\n  # comment\n  run: x\nnext: 1\n',
    'timeout: \nb: 1\n',
  ];
  // Comments before a dedent fall back on purpose; everything else must take the fast path.
  const fallbacks = cases.filter((c) => !agrees(c));
  assert.deepEqual(fallbacks, ['a:\n  w:\n    - 1\n  # c\nb: 1\n']);
});

const mutation = fc.record({ pos: fc.nat(), del: fc.nat({ max: 6 }), insert: fc.oneof(fc.string({ maxLength: 5 }), fc.constantFrom(': ', '\n', '  ', '- ', '#', ' #', '"', "'", '[', ']', '{', '}', ',', '|', '>-', '\n  ', '\n- ', '~', '1', '.5')) });

test('(unit) property: fastCompose agrees with yaml on mutated pipelines (or falls back)', () => {
  const sources = [...TEXTS, generatePipeline(20)];
  let fastCount = 0;
  fc.assert(
    fc.property(fc.nat({ max: sources.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), (which, muts) => {
      let text = sources[which]!;
      for (const m of muts) {
        const pos = m.pos % (text.length + 1);
        text = text.slice(0, pos) + m.insert + text.slice(pos + m.del);
      }
      if (agrees(text)) fastCount++;
    }),
    { numRuns: RUNS * 3 },
  );
  assert.ok(fastCount > 0, 'some mutations stay on the fast path');
});
