// (unit) The graph editor's text edits: minimal (bytes outside the edited node unchanged), re-parse
// cleanly, and work on every example plus anchors, flow maps, comments and CRLF files, and on steps
// inside jobs without changing what any other step waits for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SchemaNavigator, type SchemaNode } from '../../../src/language/index.js';
import { addNeed, addStep, applyTextEdits, deleteStep, duplicateStep, removeNeed, renameStep, type GraphEditResult } from '../../../src/language/graph/index.js';
import { dependsOn } from '../../../src/core/pipeline/model.js';
import { analyze } from './fixtures/analyze.js';
import { assertMinimal, errorsOf, lines, ok } from './fixtures/graphEditAsserts.js';

const nav = new SchemaNavigator(JSON.parse(readFileSync('schemas/pipeline.schema.json', 'utf8')) as SchemaNode);
const dir = resolve('examples');
const examples = readdirSync(dir).filter((f) => f.endsWith('.ansflow.yaml'));

let sawJobs = 0;
for (const file of examples) {
  test(`(unit) graph edits on example ${file}: add, need, unneed, duplicate, rename, delete — minimal and valid`, () => {
    const path = join(dir, file);
    const text = readFileSync(path, 'utf8');
    assert.deepEqual(errorsOf(text, path), [], 'example is clean before');
    const a = analyze(text, path);
    const steps = a.parsed.pipeline.steps;
    const first = steps[0]!;
    const last = steps[steps.length - 1]!;

    if (a.parsed.pipeline.jobs?.length) sawJobs++;

    // Add a step: only an insertion, after the last step.
    const added = ok(addStep(a, nav, 'shell'));
    assert.equal(added.length, 1);
    assert.equal(added[0]!.range.start, added[0]!.range.end, 'pure insertion');
    const t1 = assertMinimal(text, added, [{ start: 0, end: text.length }]);
    assert.deepEqual(errorsOf(t1, path), []);
    assert.ok(analyze(t1, path).stepById.has('shell'));

    // Add and remove a needs edge from the first to the new step: only the new step's lines change.
    const a1 = analyze(t1, path);
    const shell = a1.stepById.get('shell')!;
    const t2 = assertMinimal(t1, ok(addNeed(a1, first.id, 'shell')), [lines(t1, shell.range)]);
    assert.deepEqual(errorsOf(t2, path), []);
    const a2 = analyze(t2, path);
    assert.deepEqual(a2.stepById.get('shell')!.needs.map((n) => n.value), [first.id]);
    const t3 = assertMinimal(t2, ok(removeNeed(a2, first.id, 'shell')), [lines(t2, a2.stepById.get('shell')!.range)]);
    assert.equal(t3, t1, 'removing the edge restores the text');

    // A cycle is refused with a message.
    if (last.id !== first.id && last.needs.length > 0) {
      const r = addNeed(a, last.id, first.id);
      if (!('error' in r)) assert.fail('cycle accepted');
      assert.match(r.error, /cycle/);
    }

    // Duplicate the last step: an insertion right after it, same body.
    const dup = ok(duplicateStep(a, last.id));
    const t4 = assertMinimal(text, dup, [{ start: lines(text, last.range).end, end: lines(text, last.range).end }]);
    assert.deepEqual(errorsOf(t4, path), []);
    assert.ok(analyze(t4, path).stepById.has(`${last.id}-copy`));

    // Rename the first step: every reference follows, nothing else moves.
    const ren = ok(renameStep(a, first.id, 'renamed_step'));
    const t5 = applyTextEdits(text, ren);
    assert.deepEqual(errorsOf(t5, path), []);
    for (const e of ren) assert.equal(text.slice(e.range.start, e.range.end), first.id);
    assert.equal(t5.replaceAll('renamed_step', first.id), text);

    // Delete the first step and its references: the step's lines plus needs entries in others.
    const del = ok(deleteStep(a, first.id));
    const allowed = [
      lines(text, first.range),
      // The only step of `steps:` leaves `steps: {}`.
      ...(a.parsed.pipeline.steps.filter((s) => s.job === undefined).length === 1 ? [lines(text, a.parsed.pipeline.keyRanges!.steps!)] : []),
      ...a.allSteps.filter((s) => s.needs.some((n) => n.value === first.id)).map((s) => s.range),
      ...(a.parsed.pipeline.jobs ?? []).filter((j) => j.needs.some((n) => n.value === first.id)).map((j) => j.range),
    ];
    const t6 = assertMinimal(text, del, allowed);
    const after = analyze(t6, path);
    assert.equal(after.stepById.has(first.id), false);
    assert.ok(after.allSteps.every((s) => s.needs.every((n) => n.value !== first.id)));
    assert.deepEqual(errorsOf(t6, path).filter((e) => !e.startsWith('unknown-reference') && !e.startsWith('missing-need')), []);
  });
}

test('(unit) graph edits: the examples cover pipelines with jobs', () => {
  // Runs after the per-example tests (node:test runs top-level tests in order).
  const withJobs = examples.filter((f) => /^jobs:/m.test(readFileSync(join(dir, f), 'utf8')));
  assert.ok(withJobs.length > 0 && withJobs.length < examples.length, 'examples cover pipelines with and without jobs');
  assert.equal(sawJobs, withJobs.length);
});

const JOBS = [
  'version: 1',
  'steps:',
  '  lint:',
  '    type: shell',
  '    with: {run: x}',
  'jobs:',
  '  build:',
  '    needs: lint   # the job waits for lint',
  '    steps:',
  '      install:',
  '        type: shell',
  '        with: {run: a}',
  '      compile:',
  '        type: shell',
  '        with: {run: b}',
  '      pack:',
  '        type: shell',
  '        with: {run: c}',
  '  test:',
  '    needs: [build]',
  '    matrix: {node: [18, 20]}',
  '    outputs: {report: "${{ steps.unit.outputs.report }}"}',
  '    steps:',
  '      unit:',
  '        type: shell',
  '        outputs: {report: r}',
  '        with: {run: d}',
  '      e2e: {type: shell, with: {run: e}}',
  '',
].join('\n');

/** What every step waits for, by id (explicit and implicit needs, as the runner sees them). */
function waits(text: string): Record<string, string[]> {
  return Object.fromEntries(analyze(text).allSteps.map((s) => [s.id, dependsOn(s).sort()]));
}

for (const eol of ['\n', '\r\n']) {
  const text = JOBS.replace(/\n/g, eol);
  const label = eol === '\n' ? 'LF' : 'CRLF';
  test(`(unit) graph edits on steps inside jobs keep every other wait as it was (${label})`, () => {
    const a = analyze(text);
    assert.deepEqual(errorsOf(text, '/ws/p.ansflow.yaml'), []);
    const before = waits(text);
    assert.deepEqual(before, { lint: [], install: ['lint'], compile: ['install'], pack: ['compile'], unit: ['compile', 'install', 'pack'], e2e: ['unit'] });
    const check = (r: GraphEditResult, allowed: Array<{ start: number; end: number }>, expect: Record<string, string[]>): string => {
      const after = assertMinimal(text, ok(r), allowed);
      assert.deepEqual(errorsOf(after, '/ws/p.ansflow.yaml'), []);
      if (eol === '\r\n') assert.ok(!/[^\r]\n/.test(after), 'CRLF file stays CRLF');
      assert.deepEqual(waits(after), expect);
      return after;
    };
    const step = (id: string) => a.stepById.get(id)!;

    // A need on a chained job step keeps the step before it: compile waits for install and lint.
    const t1 = check(addNeed(a, 'lint', 'compile'), [lines(text, step('compile').range)], { ...before, compile: ['install', 'lint'] });
    assert.ok(t1.includes(`      compile:${eol}        needs: [install, lint]${eol}`));
    // A need inside the job on a step that only needs outside it keeps the job's needs.
    const side = ['version: 1', 'steps:', '  lint: {type: shell, with: {run: x}}', '  other: {type: shell, with: {run: y}}', 'jobs:', '  j:', '    needs: lint', '    steps:', '      a: {type: shell, with: {run: a}}', '      b: {type: shell, needs: [other], with: {run: b}}', ''].join(eol);
    const sideAfter = applyTextEdits(side, ok(addNeed(analyze(side), 'a', 'b')));
    assert.deepEqual(waits(side).b, ['lint', 'other']);
    assert.deepEqual(waits(sideAfter).b, ['a', 'lint', 'other']);
    // Removing its last need leaves `needs: []`: b starts with its job instead of waiting for a.
    const sideEmpty = applyTextEdits(side, ok(removeNeed(analyze(side), 'other', 'b')));
    assert.ok(sideEmpty.includes('b: {type: shell, needs: [], with'), sideEmpty);
    assert.deepEqual(waits(sideEmpty).b, ['lint']);
    // Removing the chain edge pack ← compile: pack starts with its job (needs: []), so it waits for lint.
    check(removeNeed(a, 'compile', 'pack'), [lines(text, step('pack').range)], { ...before, pack: ['lint'] });
    // A flow step in a job: needs go inside its braces; e2e then waits for unit and lint.
    check(addNeed(a, 'lint', 'e2e'), [step('e2e').range], { ...before, e2e: ['lint', 'unit'] });
    // Job-level needs: adding to and removing from a job's own needs (flow list, scalar with a comment).
    check(addNeed(a, 'lint', 'test'), [a.parsed.pipeline.jobs![1]!.range], { ...before, unit: ['compile', 'install', 'lint', 'pack'] });
    const t5 = check(removeNeed(a, 'lint', 'build'), [a.parsed.pipeline.jobs![0]!.range], { ...before, install: [] });
    assert.ok(!t5.includes('the job waits for lint'));
    // The job edge drawn once cannot be removed on one of its step edges.
    const implicit = removeNeed(a, 'install', 'unit');
    assert.ok('error' in implicit && /job's needs/.test(implicit.error), JSON.stringify(implicit));
    // A cycle through job order and job needs is refused.
    const cyc = addNeed(a, 'unit', 'install');
    assert.ok('error' in cyc && /cycle/.test(cyc.error), JSON.stringify(cyc));
    const cycJob = addNeed(a, 'test', 'build');
    assert.ok('error' in cycJob && /cycle/.test(cycJob.error), JSON.stringify(cycJob));

    // The palette into a job: at the end of its steps, after the last one.
    const t6 = check(addStep(a, nav, 'shell', { job: 'build' }), [{ start: step('pack').range.end, end: lines(text, step('pack').range).end }], { ...before, shell: ['pack'], unit: [...before.unit!, 'shell'] });
    assert.ok(t6.includes(`        with: {run: c}${eol}      shell:${eol}        type: shell${eol}`));
    // Duplicate takes the next place in the job's order.
    check(duplicateStep(a, 'compile'), [{ start: lines(text, step('compile').range).end, end: lines(text, step('compile').range).end }], { ...before, 'compile-copy': ['compile'], pack: ['compile-copy'], unit: ['compile', 'compile-copy', 'install', 'pack'] });
    // Delete closes the chain up: pack then waits for install.
    const waitsAfterDelete = { ...before, pack: ['install'], unit: ['install', 'pack'] } as Record<string, string[]>;
    delete waitsAfterDelete.compile;
    check(deleteStep(a, 'compile'), [lines(text, step('compile').range)], waitsAfterDelete);
    const lone = analyze(text.replace(`      e2e: {type: shell, with: {run: e}}${eol}`, ''));
    const only = deleteStep(lone, 'unit');
    assert.ok('error' in only && /only step of job 'test'/.test(only.error));
    // Deleting a step a job needs also drops the job's need.
    const t7 = applyTextEdits(text, ok(deleteStep(a, 'lint')));
    assert.deepEqual(errorsOf(t7, '/ws/p.ansflow.yaml'), []);
    assert.ok(!t7.includes('needs: lint'));
    // Rename follows job needs and job outputs; a job's name is refused.
    const t8 = applyTextEdits(text, ok(renameStep(a, 'unit', 'unit-tests')));
    assert.deepEqual(errorsOf(t8, '/ws/p.ansflow.yaml'), []);
    assert.ok(t8.includes('${{ steps.unit-tests.outputs.report }}'));
    const t9 = applyTextEdits(text, ok(renameStep(a, 'lint', 'check')));
    assert.ok(t9.includes('    needs: check   # the job waits for lint'));
    assert.equal(t9.replaceAll('check', 'lint'), text);
    const clash = renameStep(a, 'lint', 'test');
    assert.ok('error' in clash && /job named 'test'/.test(clash.error));
    const clashAdd = addStep(a, nav, 'shell', { id: 'build' });
    assert.ok('error' in clashAdd);
  });
}

const ODD = [
  '# leading comment',
  'version: 1',
  'steps:',
  '  a: &common {type: shell, with: {run: echo a}}   # flow step',
  '  b:',
  '    <<: *common',
  '    needs: a  # scalar needs',
  '  c: {type: shell, needs: [a, b], with: {run: "echo c"}}',
  '  # between',
  '  d:',
  '    type: shell',
  '    needs:',
  '      - b   # block item',
  '    with:',
  '      run: echo d',
  'finally:',
  '  done: {type: shell, with: {run: echo}}',
  '',
].join('\n');

for (const eol of ['\n', '\r\n']) {
  const text = ODD.replace(/\n/g, eol);
  const label = eol === '\n' ? 'LF' : 'CRLF';
  test(`(unit) graph edits with anchors, flow maps, comments (${label})`, () => {
    const a = analyze(text);
    assert.deepEqual(errorsOf(text, '/ws/p.ansflow.yaml'), []);
    const self = addNeed(a, 'done', 'done');
    assert.ok('error' in self && /itself/.test(self.error));
    const r1 = addNeed(a, 'd', 'a');
    assert.ok('error' in r1 && /cycle/.test(r1.error), 'a → b → d → a refused');
    const e1 = addNeed(a, 'done', 'a');
    assert.ok('error' in e1 && /finally/.test(e1.error));
    // Flow step without needs: `needs` goes inside its braces.
    const t2 = assertMinimal(text, ok(addNeed(a, 'a', 'done')), [a.stepById.get('done')!.range]);
    assert.deepEqual(analyze(t2).stepById.get('done')!.needs.map((n) => n.value), ['a']);
    assert.deepEqual(errorsOf(t2, '/ws/p.ansflow.yaml'), []);
    // Scalar needs on an anchored step: the line goes, the merge key stays.
    const t3 = assertMinimal(text, ok(removeNeed(a, 'a', 'b')), [lines(text, a.stepById.get('b')!.range)]);
    assert.ok(t3.includes(`<<: *common${eol}`));
    assert.deepEqual(analyze(t3).stepById.get('b')!.needs, []);
    // Flow list in a flow step; block list with a comment.
    const t4 = assertMinimal(text, ok(removeNeed(a, 'a', 'c')), [a.stepById.get('c')!.range]);
    assert.ok(t4.includes('c: {type: shell, needs: [b], with'));
    const t5 = assertMinimal(text, ok(addNeed(a, 'a', 'd')), [lines(text, a.stepById.get('d')!.range)]);
    assert.ok(t5.includes(`      - b   # block item${eol}      - a${eol}`));
    assert.ok(!/[^\r]\n/.test(t5) || eol === '\n', 'CRLF file stays CRLF');
    // Deleting the anchored step would break b's alias: refused. Deleting b removes c's and d's entries.
    const anchored = deleteStep(a, 'a');
    assert.ok('error' in anchored && /&common/.test(anchored.error));
    const t6 = applyTextEdits(text, ok(deleteStep(a, 'b')));
    const a6 = analyze(t6);
    assert.deepEqual(errorsOf(t6, '/ws/p.ansflow.yaml'), []);
    assert.deepEqual([...a6.stepById.keys()], ['a', 'c', 'd', 'done']);
    assert.ok(t6.includes('c: {type: shell, needs: [a], with'));
    assert.ok(!t6.includes('# block item'), 'd lost its only need line');
    assert.ok(t6.startsWith(`# leading comment${eol}`) && t6.includes(`  # between${eol}`));
    if (eol === '\r\n') assert.ok(!/[^\r]\n/.test(t6), 'no bare LF after delete');
    // Add and duplicate keep CRLF and comments.
    const t7 = applyTextEdits(text, ok(addStep(a, nav, 'shell', { needs: ['d'] })));
    assert.deepEqual(errorsOf(t7, '/ws/p.ansflow.yaml'), []);
    assert.deepEqual(analyze(t7).stepById.get('shell')!.needs.map((n) => n.value), ['d']);
    if (eol === '\r\n') assert.ok(!/[^\r]\n/.test(t7), 'no bare LF after add');
    const t8 = applyTextEdits(text, ok(duplicateStep(a, 'd')));
    assert.ok(t8.includes(`  d-copy:${eol}    type: shell${eol}    needs:${eol}      - b   # block item${eol}`));
    if (eol === '\r\n') assert.ok(!/[^\r]\n/.test(t8));
  });
}

test('(unit) graph edits refuse bad input with one-line messages and no edits', () => {
  const a = analyze('version: 1\nsteps:\n  a:\n    type: shell\n    with: {run: x}\n');
  const bad = analyze('version: 1\nsteps:\n  a: [\n');
  for (const r of [renameStep(a, 'a', '9x'), addStep(a, nav, 'shell', { id: 'a' }), deleteStep(a, 'nope'), addNeed(bad, 'a', 'a'), addStep(bad, nav, 'shell')]) {
    assert.ok('error' in r, JSON.stringify(r));
    assert.ok(!r.error.includes('\n'));
  }
  // No steps section yet / empty steps: the palette still works.
  for (const t of ['version: 1\n', 'version: 1\nsteps:\n', 'version: 1']) {
    const out = applyTextEdits(t, ok(addStep(analyze(t), nav, 'shell')));
    assert.ok(out.startsWith(t.endsWith('\n') ? t : `${t}\n`));
    assert.ok(analyze(out).stepById.has('shell'), out);
  }
});
