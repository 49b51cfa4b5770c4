// (unit) The graph editor's job edits: add, rename, delete — minimal (every byte outside the edit as it
// was), valid after, on every example and on comment, CRLF and anchor cases; refusals are one-line messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SchemaNavigator, type SchemaNode } from '../../../src/language/index.js';
import { addJob, addNeed, applyTextEdits, deleteJob, renameJob } from '../../../src/language/graph/index.js';
import { dependsOn } from '../../../src/core/pipeline/model.js';
import { analyze } from './fixtures/analyze.js';
import { assertMinimal as minimal, errorsOf, lines, ok, refused } from './fixtures/graphEditAsserts.js';

const nav = new SchemaNavigator(JSON.parse(readFileSync('schemas/pipeline.schema.json', 'utf8')) as SchemaNode);
const dir = resolve('examples');
const examples = readdirSync(dir).filter((f) => f.endsWith('.ansflow.yaml'));

for (const file of examples) {
  test(`(unit) job edits on example ${file}: add, rename, delete — minimal and valid`, () => {
    const path = join(dir, file);
    const text = readFileSync(path, 'utf8');
    assert.deepEqual(errorsOf(text, path), [], 'example is clean before');
    const a = analyze(text, path);

    const added = ok(addJob(a, nav, 'shell'));
    assert.equal(added.length, 1);
    assert.equal(added[0]!.range.start, added[0]!.range.end, 'pure insertion');
    const t1 = minimal(text, added, [{ start: 0, end: text.length }]);
    assert.deepEqual(errorsOf(t1, path), []);
    const newJob = analyze(t1, path).parsed.pipeline.jobs?.find((j) => j.name === 'job');
    assert.ok(newJob && newJob.steps.length === 1, 'the new job holds one step');

    for (const job of a.parsed.pipeline.jobs ?? []) {
      // Rename: every edit replaces exactly the old name, and nothing else moves.
      const ren = ok(renameJob(a, job.name, 'renamed_job'));
      for (const e of ren) assert.equal(text.slice(e.range.start, e.range.end), job.name);
      const t2 = applyTextEdits(text, ren);
      assert.equal(t2.replaceAll('renamed_job', job.name), text);
      assert.deepEqual(errorsOf(t2, path), []);
      assert.ok(!new RegExp(`jobs\\.${job.name}\\.outputs`).test(t2), 'output readers follow');

      // Delete: refused while its outputs are read; otherwise only its lines and the needs naming it change.
      const del = deleteJob(a, job.name);
      if ('error' in del) {
        assert.match(del.error, /outputs is read on line \d+/);
        continue;
      }
      const gone = new Set([job.name, ...job.steps]);
      const allowed = [
        lines(text, job.range),
        lines(text, a.parsed.pipeline.keyRanges!.jobs!),
        ...a.allSteps.filter((s) => s.job !== job.name && s.needs.some((n) => gone.has(n.value))).map((s) => s.range),
        ...a.parsed.pipeline.jobs!.filter((j) => j !== job && j.needs.some((n) => gone.has(n.value))).map((j) => j.range),
      ];
      const t3 = minimal(text, del.edits, allowed);
      const after = analyze(t3, path);
      assert.equal(after.parsed.pipeline.jobs?.some((j) => j.name === job.name), false);
      assert.ok(after.allSteps.every((s) => s.needs.every((n) => !gone.has(n.value))));
      assert.deepEqual(errorsOf(t3, path).filter((e) => !e.startsWith('unknown-reference')), []);
    }
  });
}

const JOBS = [
  '# jobs with comments everywhere',
  'version: 1',
  'steps:',
  '  lint:',
  '    type: shell',
  '    with: {run: x}  # inline flow',
  'jobs:',
  '  build:   # builds',
  '    needs: lint   # the job waits for lint',
  '    env: &shared',
  '      MODE: fast',
  '    steps:',
  '      compile:',
  '        type: shell',
  '        with: {run: b}',
  '',
  '  test:',
  '    needs: [build]  # after build',
  '    outputs: {report: "${{ steps.unit.outputs.report }}"}',
  '    env: *shared',
  '    steps:',
  '      unit:',
  '        type: shell',
  '        outputs: {report: r}',
  '        with: {run: d}',
  '  docs:',
  '    needs:',
  '      - compile',
  '      - build',
  '    steps:',
  '      site: {type: shell, with: {run: e}}',
  '  report:',
  '    needs: test',
  '    steps:',
  '      summary:',
  '        type: shell',
  '        env:',
  '          REPORT: ${{ toJSON(jobs.test.outputs.report) }}',
  '        with: {run: f}',
  '',
].join('\n');

function waits(text: string): Record<string, string[]> {
  return Object.fromEntries(analyze(text).allSteps.map((s) => [s.id, dependsOn(s).sort()]));
}

for (const eol of ['\n', '\r\n']) {
  const text = JOBS.replace(/\n/g, eol);
  const label = eol === '\n' ? 'LF' : 'CRLF';
  test(`(unit) job edits keep comments, anchors and line endings (${label})`, () => {
    assert.deepEqual(errorsOf(text), []);
    const a = analyze(text);
    const crlf = (t: string) => eol === '\n' || assert.ok(!/[^\r]\n/.test(t), 'CRLF file stays CRLF');

    // Add: after the last job, a blank line first as between the first two, same indentation.
    const t1 = minimal(text, ok(addJob(a, nav, 'shell')), [{ start: text.length, end: text.length }]);
    crlf(t1);
    assert.ok(t1.includes(`        with: {run: f}${eol}${eol}  job:${eol}    steps:${eol}      shell:${eol}        `), t1);
    assert.deepEqual(errorsOf(t1), []);
    assert.ok(analyze(t1).parsed.pipeline.jobs!.some((j) => j.name === 'job'));

    // Rename build: its key, the needs naming it (comments after them kept); test's outputs reader follows too.
    const t2 = applyTextEdits(text, ok(renameJob(a, 'build', 'compile-all')));
    crlf(t2);
    assert.ok(t2.includes(`  compile-all:   # builds${eol}`));
    assert.ok(t2.includes(`    needs: [compile-all]  # after build${eol}`));
    assert.ok(t2.includes(`      - compile-all${eol}`));
    assert.equal(t2.replaceAll('compile-all', 'build'), text);
    assert.deepEqual(errorsOf(t2), []);
    const t3 = applyTextEdits(text, ok(renameJob(a, 'test', 'check')));
    assert.ok(t3.includes('jobs.check.outputs.report'));
    assert.deepEqual(errorsOf(t3), []);

    // Delete docs: its lines only; nothing else changes.
    const docs = a.parsed.pipeline.jobs!.find((j) => j.name === 'docs')!;
    const t4 = minimal(text, ok(deleteJob(a, 'docs')), [lines(text, docs.range)]);
    crlf(t4);
    assert.deepEqual(errorsOf(t4), []);
    assert.equal(t4, text.replace(/ {2}docs:[\s\S]*?(?= {2}report:)/, ''));

    // Delete test: refused, the finally step reads its outputs; build: refused, test uses its anchor.
    refused(deleteJob(a, 'test'), new RegExp(`jobs\\.test\\.outputs is read on line ${JOBS.split('\n').findIndex((l) => l.includes('REPORT:')) + 1};`));
    refused(deleteJob(a, 'build'), /anchor &shared/);
  });
}

test('(unit) job edits: deleting a job drops the needs naming it or its steps, several in one list', () => {
  const text = [
    'version: 1',
    'jobs:',
    '  build:',
    '    steps:',
    '      compile: {type: shell, with: {run: b}}',
    '  other:',
    '    steps:',
    '      one: {type: shell, with: {run: o}}',
    '  docs:',
    '    needs: [other, build, compile]  # keep me',
    '    steps:',
    '      site: {type: shell, with: {run: e}}',
    '      more:',
    '        type: shell',
    '        needs:',
    '          - compile',
    '        with: {run: m}',
    '',
  ].join('\n');
  const a = analyze(text);
  assert.deepEqual(errorsOf(text), []);
  const after = applyTextEdits(text, ok(deleteJob(a, 'build')));
  assert.ok(after.includes('    needs: [other]  # keep me\n'), after);
  // A job step whose only need goes keeps `needs: []`, so it does not start waiting for the step before it.
  assert.ok(after.includes('        needs: []\n'), after);
  assert.deepEqual(errorsOf(after), []);
  assert.deepEqual(waits(after), { one: [], site: ['one'], more: ['one'] });
  // The last job: `jobs: {}` keeps a mapping.
  const single = 'version: 1\nsteps:\n  a: {type: shell, with: {run: a}}\njobs:\n  only:\n    steps:\n      b: {type: shell, with: {run: b}}\n';
  const emptied = applyTextEdits(single, ok(deleteJob(analyze(single), 'only')));
  assert.equal(emptied, 'version: 1\nsteps:\n  a: {type: shell, with: {run: a}}\njobs: {}\n');
  assert.deepEqual(errorsOf(emptied), []);
});

test('(unit) job edits: a pipeline without jobs gets the section; cycles and bad names are refused', () => {
  const text = 'version: 1\nsteps:\n  a:\n    type: shell\n    with: {run: a}\n';
  const t1 = applyTextEdits(text, ok(addJob(analyze(text), nav, 'shell', { name: 'deploy' })));
  assert.ok(t1.startsWith(text), 'only appended');
  assert.match(t1.slice(text.length), /^\njobs:\n {2}deploy:\n {4}steps:\n {6}shell:\n {8}type: shell/);
  assert.deepEqual(errorsOf(t1), []);

  const a = analyze(JOBS);
  refused(renameJob(a, 'build', 'lint'), /already exists/);
  refused(renameJob(a, 'build', 'test'), /already exists/);
  refused(renameJob(a, 'build', '9x'), /not a valid job name/);
  refused(renameJob(a, 'nope', 'x'), /no job 'nope'/);
  refused(deleteJob(a, 'nope'), /no job 'nope'/);
  refused(addJob(a, nav, 'shell', { name: 'lint' }), /already exists/);
  // A job edge back to a job that waits for it makes a cycle.
  refused(addNeed(a, 'test', 'build'), /cycle/);
  refused(addNeed(a, 'docs', 'build'), /cycle/);
  refused(renameJob(analyze('version: 1\nsteps: [\n'), 'build', 'x'), /does not parse/);
});
