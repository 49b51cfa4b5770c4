// (unit) An editor's parse that builds its document from the previous one (StepCache reuseDocument,
// parse/recompose.ts) gives exactly what a parse from scratch gives: the model, the diagnostics, the graph
// and every node of the YAML document with its three offsets, for random edits of generated pipelines and
// of every example, one after another through one cache; edits it cannot serve compose the whole text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { isMap, isScalar, isSeq } from 'yaml';
import { parsePipeline, StepCache, type ParsedPipeline } from '../../../../../src/core/pipeline/index.js';
import { fastCompose } from '../../../../../src/core/pipeline/parse/fastCompose.js';
import { recompose, textEdit } from '../../../../../src/core/pipeline/parse/recompose.js';
import { buildGraphModel } from '../../../../../src/core/graph/index.js';
import { generatePipeline } from '../../../../../bench/fixtures/generatePipeline.js';
import { nameEdit, nameEditAt, type NameEdit } from './graphEdits.js';

const RUNS = Number(process.env.ANSFLOW_PROPERTY_RUNS ?? 30);
const EXAMPLES = resolve(__dirname, '../../../../../examples');
const FILES = readdirSync(EXAMPLES).filter((f) => f.endsWith('.ansflow.yaml')).sort().map((f) => join(EXAMPLES, f));

/** Every node of a document with its kind, value and all three offsets. */
function dump(n: unknown, out: string[] = [], path = ''): string[] {
  const r = (n as { range?: number[] } | null)?.range?.join(',');
  if (isScalar(n)) out.push(`${path} S ${JSON.stringify(n.value)} ${r} ${n.type} ${JSON.stringify(n.source)}`);
  else if (isMap(n)) {
    out.push(`${path} M ${r} ${n.flow ? 'flow' : ''}`);
    n.items.forEach((p, i) => {
      dump(p.key, out, `${path}/k${i}`);
      dump(p.value, out, `${path}/v${i}`);
    });
  } else if (isSeq(n)) {
    out.push(`${path} Q ${r} ${n.flow ? 'flow' : ''}`);
    n.items.forEach((x, i) => dump(x, out, `${path}/${i}`));
  } else out.push(`${path} other ${String(n)}`);
  return out;
}

function seen(p: ParsedPipeline): unknown {
  return { text: p.text, pipeline: p.pipeline, diagnostics: p.diagnostics, graph: buildGraphModel(p), document: p.document ? dump(p.document.contents) : undefined, range: p.document?.range };
}

// Edits an editor makes inside a step (characters, ids, needs, expressions, indentation slips) and a few
// that cross steps or change structure, which must fall back.
const INSERTS = ['a', ' ', '\n', ':', '- x', ' #c', '${{ steps.s1.outputs.result }}', "'", '"', '  ', '\n    needs: [s0]', '\n    if: false', '\n  s9x:\n    type: shell', 'x: 1\n', '\t', '|', '{', '[', '&a', '*a', '\r'];
const anyEdit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), cut: fc.integer({ min: 0, max: 8 }), put: fc.constantFrom(...INSERTS, '') });
// Typing: a character in, one out, anywhere (unbiased: fast-check favours the ends of ranges, and most
// doubles in [0, 1] are tiny).
const typing = fc.record({ at: fc.noBias(fc.integer({ min: 0, max: 999_999 })).map((n) => n / 1e6), cut: fc.integer({ min: 0, max: 1 }), put: fc.constantFrom('a', '1', '') });
// And names the other steps' checks read (ids, needs, outputs, params, env…): the cached graph-level findings must follow.
const edit = fc.oneof({ arbitrary: typing, weight: 5 }, { arbitrary: anyEdit, weight: 1 }, { arbitrary: nameEdit, weight: 2 });
type Edit = { at: number; cut: number; put: string } | NameEdit;
function applyEdit(text: string, e: Edit): string {
  if ('before' in e) {
    const at = nameEditAt(text, e);
    return at ? text.slice(0, at.offset) + at.put + text.slice(at.offset + at.cut) : text;
  }
  const at = Math.floor(e.at * text.length);
  return text.slice(0, at) + e.put + text.slice(Math.min(text.length, at + e.cut));
}

/** Parses each edited text through one reusing cache and checks it against a fresh parse; counts the entry path. */
function editsStayEqual(original: string, file: string, list: Edit[], counts: { entry: number; all: number }): void {
  // As the language service has it.
  const cache = new StepCache({ reuseDocument: true, shareSteps: true });
  let text = original;
  parsePipeline(text, { file, stepCache: cache });
  for (const e of list) {
    text = applyEdit(text, e);
    const cached = parsePipeline(text, { file, stepCache: cache });
    counts.all++;
    if (cache.composedBy === 'entry') {
      counts.entry++;
      assert.ok(fastCompose(text), 'the entry path served a text the whole composer gives up on');
    }
    assert.deepStrictEqual(seen(cached), seen(parsePipeline(text, { file })));
  }
}

/** Random edit sequences of `text`, each through a reusing cache equal to a fresh parse; most must take the entry path. */
function randomEditsStayEqual(text: string, file: string, seed: number): void {
  const counts = { entry: 0, all: 0 };
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (list) => editsStayEqual(text, file, list, counts)),
    { numRuns: RUNS, seed },
  );
  // Most random edits land inside a step: the entry path must be the one taken, not the fallback.
  assert.ok(counts.entry > counts.all / 4, `entry path ${counts.entry} of ${counts.all}`);
}

test('(unit) recompose: on a generated pipeline, a parse through a reusing cache equals a fresh one after random edit sequences', () => {
  randomEditsStayEqual(generatePipeline(40), '/ws/gen.ansflow.yaml', 820);
});

test('(unit) recompose: the same for random edits of every example', () => {
  const counts = { entry: 0, all: 0 };
  for (const file of FILES) {
    const original = readFileSync(file, 'utf8');
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (list) => editsStayEqual(original, file, list, counts)),
      { numRuns: Math.max(4, Math.floor(RUNS / 3)), seed: 821 },
    );
  }
  assert.ok(counts.entry > counts.all / 4, `entry path ${counts.entry} of ${counts.all}`);
});

test('(unit) recompose: typing into one step of a 2,000-step pipeline composes that step only, and equals the whole composer', () => {
  let text = generatePipeline(2000);
  let prev = { text, doc: fastCompose(text)! };
  for (let k = 0; k < 6; k++) {
    const at = text.indexOf(`step ${k % 2 ? 664 : 1000} for`);
    assert.ok(at > 0);
    text = `${text.slice(0, at)}x${text.slice(at)}`;
    const doc = recompose(prev, text);
    assert.ok(doc, `keystroke ${k} fell back`);
    assert.deepStrictEqual(dump(doc.contents), dump(fastCompose(text)!.contents));
    prev = { text, doc };
  }
});

test('(unit) recompose: a keystroke in one step of a 300-step pipeline reads and composes that step only, keeps the others\' text keys, and equals a fresh parse', () => {
  const file = '/ws/gen.ansflow.yaml';
  let text = generatePipeline(300);
  const cache = new StepCache({ reuseDocument: true });
  parsePipeline(text, { file, stepCache: cache });
  for (const step of [144, 152, 0]) {
    const at = text.indexOf(`step ${step} for`);
    assert.ok(at > 0);
    text = `${text.slice(0, at)}x${text.slice(at)}`;
    const cached = parsePipeline(text, { file, stepCache: cache });
    assert.equal(cache.composedBy, 'entry');
    assert.deepStrictEqual([cache.stats.read, cache.stats.reused, cache.keptKeys], [1, 300, 300]);
    assert.deepStrictEqual(seen(cached), seen(parsePipeline(text, { file })));
  }
});

/** The entry at `keys` down from `node` through block maps. */
function pairAt(node: unknown, keys: string[]): unknown {
  let pair: unknown;
  for (const k of keys) {
    pair = isMap(node) ? node.items.find((p) => isScalar(p.key) && p.key.value === k) : undefined;
    node = (pair as { value?: unknown } | undefined)?.value;
  }
  assert.ok(pair, keys.join('/'));
  return pair;
}

/** The steps of `generatePipeline(n)` put `per` to a job under `jobs:`, the jobs needing each other in turn. */
function inJobs(n: number, per: number): string {
  const [head, body] = generatePipeline(n).split('steps:\n');
  const out = [head!.trimEnd(), 'jobs:'];
  body!.split(/\n(?= {2}s\d+:\n)/).forEach((block, i) => {
    const j = Math.floor(i / per);
    if (i % per === 0) out.push(`  j${j}:`, j ? `    needs: [j${j - 1}]` : '    env: { JOB: "1" }', '    steps:');
    out.push(block.trimEnd().replace(/^/gm, '    '));
    if (i % per === per - 1 && j % 2 === 1) out.push('    outputs:', '      o: x');
  });
  return `${out.join('\n')}\nfinally:\n  done:\n    type: shell\n    with: { run: echo }\n`;
}

test('(unit) recompose: in a jobs: file, a parse through a reusing cache equals a fresh one after random edit sequences', () => {
  const text = inJobs(40, 8);
  assert.match(text, /\n {6}s9:\n/);
  randomEditsStayEqual(text, '/ws/jobs.ansflow.yaml', 822);
});

test('(unit) recompose: typing into a job\'s step, its last step, its steps: line or its key equals the whole composer', () => {
  let text = inJobs(2000, 100);
  let prev = { text, doc: fastCompose(text)! };
  // Each spot with the place in it to type at: a step's script, the last step of a job (its lines end at
  // the job's next key), a job's steps: line, a job's key, a job key after its steps.
  const spots: Array<[string, number]> = [['step 1000 for', 4], ['step 664 for', 4], ['release: rel-1099', 4], ['    steps:\n      s500:', 9], ['  j7:', 3], ['      o: x', 9]];
  for (const [k, [spot, offset]] of spots.entries()) {
    const at = text.indexOf(spot) + offset;
    assert.ok(at > offset, spot);
    text = `${text.slice(0, at)}x${text.slice(at)}`;
    const doc = recompose(prev, text);
    assert.ok(doc, `keystroke ${k} (${spot}) fell back`);
    assert.deepStrictEqual(dump(doc.contents), dump(fastCompose(text)!.contents), spot);
    // Only the edited step is composed: the job's other steps are the previous document's nodes, moved.
    if (k === 0) assert.equal(pairAt(doc.contents, ['jobs', 'j10', 'steps', 's1001']), pairAt(prev.doc.contents, ['jobs', 'j10', 'steps', 's1001']));
    prev = { text, doc };
  }
});

test('(unit) recompose: edits across entries, at the top level or that change the lines\' structure fall back', () => {
  const text = 'version: 1\nsteps:\n  a:\n    type: shell\n    with: {run: echo a}\n  b:\n    type: shell\n    with: {run: echo b}\nfinally:\n  c:\n    type: shell\n';
  const prev = () => ({ text, doc: fastCompose(text)! });
  const cases: Array<[string, string]> = [
    ['across a and b', text.replace('echo a}\n  b:', 'echo a}\n  bb:').replace('    type: shell\n    with: {run: echo a}', '    type: x\n    with: {run: echo a}')],
    ['top level', text.replace('version: 1', 'version: 2')],
    ['from the last step into finally', text.replace('echo b}\nfinally:\n', 'echo b}\nfinallyy:\n')],
    ['a new entry in the middle', text.replace('echo a}\n', 'echo a}\n  a2:\n    type: shell\n')],
    ['a dedent inside the entry', text.replace('    with: {run: echo a}', '  with: {run: echo a}')],
    ['the entry\'s indentation', text.replace('  a:\n', '   a:\n')],
    ['a tab', text.replace('    with: {run: echo a}', '    with: {run: echo\ta}').replace('{run: echo\ta}', '\t{run: echo a}')],
  ];
  for (const [what, edited] of cases) {
    assert.notEqual(edited, text, what);
    assert.equal(recompose(prev(), edited), undefined, what);
  }
  for (const served of [text.replace('echo a', 'echo aa'), text.replace('echo b', 'echo bb'), text.replace('    type: shell\n', '    type: docker\n'), `${text}    if: x\n`]) {
    const doc = recompose(prev(), served);
    assert.ok(doc, served);
    assert.deepStrictEqual(dump(doc.contents), dump(fastCompose(served)!.contents));
  }
});

test('(unit) recompose: textEdit finds the one changed span, across chunk boundaries too', () => {
  const a = 'x'.repeat(10000);
  assert.deepStrictEqual(textEdit(a, a), { start: 10000, oldEnd: 10000, delta: 0 });
  assert.deepStrictEqual(textEdit(a, `${a.slice(0, 5000)}yz${a.slice(5001)}`), { start: 5000, oldEnd: 5001, delta: 1 });
  assert.deepStrictEqual(textEdit(a, a.slice(0, 9000)), { start: 9000, oldEnd: 10000, delta: -1000 });
  assert.deepStrictEqual(textEdit('abc', 'abXc'), { start: 2, oldEnd: 2, delta: 1 });
});
