// (unit) The editor's step cache: a parse that reuses the steps of earlier parses of the same document
// gives exactly what a parse from scratch gives (model, diagnostics, graph), for random edits of every
// example and of a generated 1,000-step pipeline; files it cannot serve are read afresh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { parsePipeline, StepCache, type ParsedPipeline } from '../../../../src/core/pipeline/index.js';
import { buildGraphModel } from '../../../../src/core/graph/index.js';
import { analyzePipeline, documentSymbols } from '../../../../src/language/index.js';

const RUNS = Number(process.env.ANSFLOW_PROPERTY_RUNS ?? 30);
const EXAMPLES = resolve(__dirname, '../../../../examples');
const FILES = readdirSync(EXAMPLES).filter((f) => f.endsWith('.ansflow.yaml')).map((f) => join(EXAMPLES, f));

function generate(n: number, width = 20): string {
  const lines = ['version: 1', 'name: cache', 'steps:'];
  for (let i = 0; i < n; i++) {
    const layer = Math.floor(i / width);
    const needs = layer === 0 ? [] : [...new Set([(layer - 1) * width + (i % width), (layer - 1) * width + ((i * 7) % width)])].map((j) => `s${j}`);
    lines.push(`  s${i}:`, '    type: shell', ...(needs.length ? [`    needs: [${needs.join(', ')}]`] : []), '    with:', `      run: echo \${{ steps.s${Math.max(0, i - width)}.outputs.x }} ${i}`);
  }
  return `${lines.join('\n')}\n`;
}

const GENERATED = generate(1000);

/** What the editor and the language service read of a parse. */
function seen(p: ParsedPipeline): unknown {
  return { text: p.text, pipeline: p.pipeline, diagnostics: p.diagnostics, graph: buildGraphModel(p) };
}

function assertSame(cached: ParsedPipeline, text: string, file: string): void {
  assert.deepStrictEqual(seen(cached), seen(parsePipeline(text, { file })));
}

// One edit of a text: insert, delete or replace a few characters somewhere (often inside one step).
const INSERTS = ['a', ' ', '\n', ':', '- x', '#c', '${{ steps.s1.outputs.x }}', "'", '  ', '\n    needs: [s0]', '\n    if: false', 'x: 1\n'];
const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), cut: fc.integer({ min: 0, max: 6 }), put: fc.constantFrom(...INSERTS, '') });
type Edit = { at: number; cut: number; put: string };
function applyEdit(text: string, e: Edit): string {
  const at = Math.floor(e.at * text.length);
  return text.slice(0, at) + e.put + text.slice(Math.min(text.length, at + e.cut));
}

/** `original`, then each of `edits` in turn, parsed through one cache made with `options`: each equals a fresh parse. */
function editsThroughCache(original: string, file: string, edits: Edit[], options: ConstructorParameters<typeof StepCache>[0] = {}): void {
  const cache = new StepCache(options);
  let text = original;
  parsePipeline(text, { file, stepCache: cache });
  for (const e of edits) {
    text = applyEdit(text, e);
    assertSame(parsePipeline(text, { file, stepCache: cache }), text, file);
  }
}

/** Property over every example: after the generated edits, a parse through one cache equals a fresh parse. */
function examplesStayEqual(edits: fc.Arbitrary<Edit[]>, numRuns: number, seed: number): void {
  for (const file of FILES) {
    const original = readFileSync(file, 'utf8');
    fc.assert(
      fc.property(edits, (list) => editsThroughCache(original, file, list)),
      { numRuns, seed },
    );
  }
}

test('(unit) step cache: a cached parse equals a fresh one after random edits of every example', () => {
  examplesStayEqual(fc.array(edit, { minLength: 1, maxLength: 4 }), Math.max(4, Math.floor(RUNS / 4)), 14);
});

test('(unit) step cache: on a 1,000-step pipeline one step is read again per edit, the result equals a fresh parse', () => {
  const file = '/ws/big.ansflow.yaml';
  const cache = new StepCache();
  parsePipeline(GENERATED, { file, stepCache: cache });
  assert.deepStrictEqual(cache.stats, { reused: 0, read: 1000, schemaChecked: 1000, stepChecks: 2000, expressionChecks: 1000, copied: 0 });
  // An edit inside one step's `with` (the most common editor change).
  const inStep = GENERATED.replace('echo ${{ steps.s480.outputs.x }} 500', 'echo changed ${{ steps.s480.outputs.x }} 500');
  assertSame(parsePipeline(inStep, { file, stepCache: cache }), inStep, file);
  assert.deepStrictEqual(cache.stats, { reused: 999, read: 1, schemaChecked: 1, stepChecks: 2, expressionChecks: 1, copied: 0 });
  // Random edits anywhere, one after another, each parsed with the cache of the one before.
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => editsThroughCache(GENERATED, file, edits)),
    { numRuns: Math.max(3, Math.floor(RUNS / 6)), seed: 1000 },
  );
});

test('(unit) step cache: steps handed out are copies; changing one does not change the next parse', () => {
  const cache = new StepCache();
  const text = generate(6, 2);
  const first = parsePipeline(text, { stepCache: cache });
  first.pipeline.steps[2]!.needs[0]!.range.start = 999;
  first.pipeline.steps[2]!.idRange.end = 999;
  assertSame(parsePipeline(text, { stepCache: cache }), text, '');
  assert.equal(cache.stats.reused, 6);
});

test('(unit) step cache: templates and anchors are read afresh, a flow map\'s first step too, a jobs: file\'s steps are reused (and all still equal)', () => {
  const cases: Array<[string, string, number]> = [
    ['jobs', 'version: 1\njobs:\n  build:\n    steps:\n      a:\n        type: shell\n        with: {run: echo}\nsteps:\n  b:\n    type: shell\n    needs: build\n    with: {run: echo}\n', 2],
    ['template', 'version: 1\ntemplates:\n  t:\n    type: shell\n    with: {run: echo t}\nsteps:\n  a:\n    uses: t\n', 0],
    ['anchor', 'version: 1\nsteps:\n  a: &x\n    type: shell\n    with: {run: echo}\n  b: *x\n', 0],
    ['flow map', 'version: 1\nsteps: {a: {type: shell, with: {run: echo}}, b: {type: shell, with: {run: echo}}}\n', 1],
  ];
  for (const [what, text, reused] of cases) {
    const cache = new StepCache();
    parsePipeline(text, { stepCache: cache });
    const again = parsePipeline(text, { stepCache: cache });
    assertSame(again, text, '');
    assert.equal(cache.stats.reused, reused, `${what}: ${cache.stats.reused} reused`);
  }
});

test('(unit) step cache: the language service\'s analysis with a per-document cache equals a fresh one', () => {
  const file = join(EXAMPLES, 'matrix-ci.ansflow.yaml');
  const text = generate(200, 10);
  const stepCache = new StepCache();
  analyzePipeline(parsePipeline, text, { file, stepCache });
  const edited = text.replace('    type: shell\n    needs: [s90', '    type: docker\n    needs: [s90');
  assert.notEqual(edited, text);
  const cached = analyzePipeline(parsePipeline, edited, { file, stepCache });
  const fresh = analyzePipeline(parsePipeline, edited, { file });
  assert.ok(stepCache.stats.reused > 150, `reused ${stepCache.stats.reused}`);
  assert.deepStrictEqual({ ...cached, parsed: seen(cached.parsed) }, { ...fresh, parsed: seen(fresh.parsed) });
  assert.deepStrictEqual(documentSymbols(cached), documentSymbols(fresh));
});

test('(unit) step cache: the schema checks only the steps it has not found clean, and a bad step stays reported while others change', () => {
  const file = '/ws/schema.ansflow.yaml';
  const cache = new StepCache();
  const schemaOf = (p: ParsedPipeline) => p.diagnostics.filter((d) => d.code === 'schema').map((d) => `${d.message}@${d.range.start}`);
  // s3 has an unknown key, s7 a bad id: both stay errors while s1 is edited again and again.
  let text = generate(12, 4).replace('  s3:\n    type: shell\n', '  s3:\n    type: shell\n    bogus: 1\n').replace('  s7:\n', '  "s 7":\n');
  const first = parsePipeline(text, { file, stepCache: cache });
  assertSame(first, text, file);
  assert.equal(schemaOf(first).length, 2, schemaOf(first).join('; '));
  assert.equal(cache.stats.schemaChecked, 12);
  for (const n of ['1', '22', '333']) {
    const before = text;
    text = text.replace(/echo \$\{\{ steps\.s0\.outputs\.x \}\} 1[0-9]*\n/, `echo \${{ steps.s0.outputs.x }} 1${n}\n`);
    assert.notEqual(text, before);
    const again = parsePipeline(text, { file, stepCache: cache });
    assertSame(again, text, file);
    assert.equal(schemaOf(again).length, 2);
    // The edited step and the two with errors (never remembered as clean).
    assert.equal(cache.stats.schemaChecked, 3);
  }
  // A clean step made bad is checked and reported; fixed again, it is clean again.
  const broken = text.replace('  s5:\n    type: shell\n', '  s5:\n    type: 5\n');
  assert.notEqual(broken, text);
  assertSame(parsePipeline(broken, { file, stepCache: cache }), broken, file);
  assert.equal(schemaOf(parsePipeline(broken, { file })).length, 3);
  assertSame(parsePipeline(text, { file, stepCache: cache }), text, file);
  // Moved to finally:, the same text is another key (and still equal to a fresh parse).
  const moved = `${text}finally:\n  s20:\n    type: shell\n    with:\n      run: echo\n`;
  assertSame(parsePipeline(moved, { file, stepCache: cache }), moved, file);
});

test('(unit) step cache: the schema still reads steps one by one, so leaving clean steps out of its check is sound', () => {
  // validate/cachedSchema.ts leaves steps it found clean out of the plain value. That holds while no
  // keyword counts, compares or requires entries of steps:, finally: or a job's steps:, or reads them from above.
  type Node = Record<string, unknown> & { properties: Record<string, Record<string, unknown>> };
  const schema = JSON.parse(readFileSync(resolve(__dirname, '../../../../schemas/pipeline.schema.json'), 'utf8')) as Node & { definitions: Record<string, Node>; anyOf?: unknown; allOf?: unknown; if?: unknown; dependencies?: unknown };
  const job = schema.definitions.job!;
  for (const [section, map] of [['steps', schema.properties.steps], ['finally', schema.properties.finally], ['a job\'s steps', job.properties.steps]] as const) {
    const keys = Object.keys(map!).filter((k) => !['description', 'markdownDescription', 'title', 'examples', 'defaultSnippets'].includes(k));
    assert.deepStrictEqual(keys.sort(), ['additionalProperties', 'propertyNames', 'type'], `${section}: ${keys.join(', ')}`);
  }
  // A job asks only that its steps: be there (the map stays, emptied of the clean steps), and compares nothing.
  assert.deepStrictEqual(job.required, ['steps']);
  for (const k of ['anyOf', 'allOf', 'oneOf', 'if', 'dependencies', 'dependentRequired', 'dependentSchemas']) assert.equal(job[k], undefined, k);
  assert.equal(schema.allOf, undefined);
  assert.equal(schema.if, undefined);
  assert.equal(schema.dependencies, undefined);
  // The top level's anyOf only asks that steps: or jobs: be there.
  assert.deepStrictEqual(schema.anyOf, [{ required: ['steps'] }, { required: ['jobs'] }]);
});

// Steps that give the per-step checks something to find: script-injection errors, script-reparse
// warnings (from the step's env: and from the pipeline's), a non-POSIX shell, duplicate keys.
function risky(n: number): string {
  const lines = ['version: 1', 'name: risky', 'env:', '  TOP: plain', 'steps:'];
  for (let i = 0; i < n; i++) {
    const prev = `\${{ steps.s${Math.max(0, i - 1)}.outputs.x }}`;
    lines.push(`  s${i}:`, '    type: shell');
    if (i % 8 === 3) lines.push('    name: one', '    name: two');
    if (i % 4 === 2) lines.push('    env:', `      W: ${prev}`);
    if (i % 16 === 5) lines.push('    with:', '      shell: fish', `      run: echo ${prev}`);
    else lines.push('    with:', `      run: ${['echo', 'eval', 'sh -c "echo $W"; echo', 'bash -c "$TOP"; echo'][i % 4]} "${prev}"`);
  }
  return `${lines.join('\n')}\n`;
}

test('(unit) step cache: script-injection and duplicate-key findings are remembered per step text and equal a fresh parse', () => {
  const file = '/ws/risky.ansflow.yaml';
  const text = risky(40);
  const cache = new StepCache();
  const first = parsePipeline(text, { file, stepCache: cache });
  assertSame(first, text, file);
  const codes = new Set(first.diagnostics.map((d) => d.code));
  for (const c of ['script-injection', 'script-reparse', 'yaml-syntax'] as const) assert.ok(codes.has(c), `no ${c} in ${[...codes].join(', ')}`);
  // Two checks per step text (script-injection and duplicate keys), then only the edited step's.
  assert.equal(cache.stats.stepChecks, 80);
  const edited = text.replace('run: eval "${{ steps.s0.outputs.x }}"', 'run: echo "${{ steps.s0.outputs.x }}"');
  assert.notEqual(edited, text);
  assertSame(parsePipeline(edited, { file, stepCache: cache }), edited, file);
  assert.equal(cache.stats.stepChecks, 2);
  // Lines added above every step move all findings; none is checked again.
  const shifted = edited.replace('name: risky\n', 'name: risky\ndescription: |\n  two\n  lines\n');
  assertSame(parsePipeline(shifted, { file, stepCache: cache }), shifted, file);
  assert.equal(cache.stats.stepChecks, 0);
  // The pipeline's env: is an input of every step's script check: a value with an expression in TOP
  // makes `bash -c "$TOP"` a reparse warning in steps whose text did not change.
  const reparse = (p: ParsedPipeline) => p.diagnostics.filter((d) => d.code === 'script-reparse' && d.data?.variable === 'TOP').length;
  const topFromExpression = shifted.replace('  TOP: plain', '  TOP: ${{ steps.s1.outputs.x }}');
  const withTop = parsePipeline(topFromExpression, { file, stepCache: cache });
  assertSame(withTop, topFromExpression, file);
  assert.equal(reparse(withTop), 10);
  const back = parsePipeline(shifted, { file, stepCache: cache });
  assertSame(back, shifted, file);
  assert.equal(reparse(back), 0);
  // So is defaults.shell, the shell of steps that name none: fish makes every \${{ }} in them an error.
  const injections = (p: ParsedPipeline) => p.diagnostics.filter((d) => d.code === 'script-injection').length;
  const fishText = shifted.replace('name: risky\n', 'name: risky\ndefaults:\n  shell: fish\n');
  const fish = parsePipeline(fishText, { file, stepCache: cache });
  assertSame(fish, fishText, file);
  assert.ok(injections(fish) > injections(back), `${injections(fish)} errors under fish, ${injections(back)} without`);
  assertSame(parsePipeline(shifted, { file, stepCache: cache }), shifted, file);
  // A renamed step is another text: checked again, its findings keep their place.
  const renamed = shifted.replace('\n  s9:\n', '\n  renamed:\n');
  assertSame(parsePipeline(renamed, { file, stepCache: cache }), renamed, file);
  assert.equal(cache.stats.stepChecks, 2);
});

// Edits that add or remove what the per-step checks find.
const RISKY_INSERTS = ['eval ', '$((', '"$W"', 'sh -c "$TOP"; ', '\n    shell: fish', '\n    name: dup', '\n    env:\n      W: ${{ steps.s2.outputs.x }}', '\nenv:\n  TOP: ${{ steps.s1.outputs.x }}\n', 's1', '1', 'x'];
const riskyEdit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), cut: fc.integer({ min: 0, max: 8 }), put: fc.constantFrom(...RISKY_INSERTS, ...INSERTS, '') });

test('(unit) step cache: the examples after random edits that add and remove script-injection findings equal a fresh parse', () => {
  examplesStayEqual(fc.array(riskyEdit, { minLength: 1, maxLength: 3 }), Math.max(3, Math.floor(RUNS / 8)), 2021);
});

test('(unit) step cache: after random edits that add and remove script-injection findings, duplicate keys and ids, a cached parse equals a fresh one', () => {
  const original = risky(48);
  fc.assert(
    fc.property(fc.array(riskyEdit, { minLength: 1, maxLength: 6 }), (edits) => editsThroughCache(original, '/ws/risky.ansflow.yaml', edits)),
    { numRuns: Math.max(10, RUNS), seed: 2020 },
  );
});

// A jobs: file: jobs with env (plain and from expressions), a matrix, needs on jobs, outputs; steps that
// need a job by name, steps in written order, a finally step. Steps of different jobs share texts.
function jobsPipeline(jobs: number, per: number): string {
  const lines = ['version: 1', 'name: jobs', 'env:', '  TOP: plain', 'steps:', '  first:', '    type: shell', '    with:', '      run: echo first', 'jobs:'];
  for (let j = 0; j < jobs; j++) {
    lines.push(`  j${j}:`);
    if (j > 0) lines.push(`    needs: [j${j - 1}]`);
    if (j % 3 === 1) lines.push('    env:', `      W: \${{ steps.first.outputs.x }}`);
    if (j % 3 === 2) lines.push('    matrix:', '      os: [a, b]');
    lines.push('    outputs:', `      out: \${{ steps.j${j}s0.outputs.x }}`, '    steps:');
    for (let i = 0; i < per; i++) {
      lines.push(`      j${j}s${i}:`, '        type: shell');
      if (i % 4 === 3) lines.push(`        needs: [j${j}s${i - 1}]`);
      lines.push('        with:', `        ${['  run: echo "$W"', '  run: sh -c "echo $W"', '  run: echo $(( ${{ matrix.os }} ))', '  run: eval "$TOP"'][i % 4]}`);
    }
  }
  lines.push(`  last:`, '    needs: [j0]', '    steps:', '      tail:', '        type: shell', '        with:', '          run: echo tail', 'finally:', '  cleanup:', '    type: shell', '    needs: [tail]', '    with:', '      run: echo done');
  return `${lines.join('\n')}\n`;
}

const JOB_INSERTS = ['\n    env:\n      W: ${{ steps.first.outputs.x }}', '\n    matrix:\n      os: [x]', '\n    needs: [j0]', '\n        needs: [first]', '\n        bogus: 1', '  j9:\n    steps:\n      z:\n        type: shell\n        with: {run: echo}\n', 'eval ', '$W', '${{ matrix.os }}', 'j1', 's1', '"a/b"', '~'];
const jobEdit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), cut: fc.integer({ min: 0, max: 8 }), put: fc.constantFrom(...JOB_INSERTS, ...RISKY_INSERTS, ...INSERTS, '') });

test('(unit) step cache: a jobs: file after random edits parses through the cache as a fresh parse does, with copies and with shared steps', () => {
  const file = '/ws/jobs.ansflow.yaml';
  const original = jobsPipeline(5, 6);
  const fresh = parsePipeline(original, { file });
  const codes = new Set(fresh.diagnostics.map((d) => d.code));
  for (const c of ['script-reparse', 'script-injection'] as const) assert.ok(codes.has(c), `no ${c} in ${[...codes].join(', ')}`);
  for (const options of [{}, { reuseDocument: true, shareSteps: true }]) {
    fc.assert(
      fc.property(fc.array(jobEdit, { minLength: 1, maxLength: 6 }), (edits) => editsThroughCache(original, file, edits, options)),
      { numRuns: Math.max(10, RUNS), seed: 2030 },
    );
  }
});

test('(unit) step cache: in a jobs: file one step is read and checked per edit, and what a job gives its steps is not taken from another job', () => {
  const file = '/ws/jobs.ansflow.yaml';
  const cache = new StepCache({ reuseDocument: true, shareSteps: true });
  const text = jobsPipeline(4, 8);
  const steps = 1 + 4 * 8 + 1;
  const first = parsePipeline(text, { file, stepCache: cache });
  assertSame(first, text, file);
  assert.equal(cache.stats.read, steps + 1);
  // An edit inside one step of the second job: the steps of every job, the last of each included, are reused.
  const edited = text.replace('      j1s5:\n        type: shell\n        with:\n          run: sh -c "echo $W"', '      j1s5:\n        type: shell\n        with:\n          run: sh -c "echo $W $W"');
  assert.notEqual(edited, text);
  assertSame(parsePipeline(edited, { file, stepCache: cache }), edited, file);
  // Each job step's copy (which holds the job's keys) is the last parse's but the edited one's.
  assert.deepStrictEqual(cache.stats, { reused: steps, read: 1, schemaChecked: 1, stepChecks: 2, expressionChecks: 0, copied: 1 });
  // j2 gets the env of j1 (W from an expression): its unchanged step texts now warn where $W is parsed again.
  const reparse = (p: ParsedPipeline, job: string) => p.diagnostics.filter((d) => d.code === 'script-reparse' && p.pipeline.steps.find((s) => s.range.start <= d.range.start && d.range.end <= s.range.end)?.job === job).length;
  assert.equal(reparse(first, 'j2'), 0);
  const withEnv = edited.replace('  j2:\n    needs: [j1]\n', '  j2:\n    needs: [j1]\n    env:\n      W: ${{ steps.first.outputs.x }}\n');
  assert.notEqual(withEnv, edited);
  const envParse = parsePipeline(withEnv, { file, stepCache: cache });
  assertSame(envParse, withEnv, file);
  assert.equal(reparse(envParse, 'j2'), 2);
  // j2's steps are copied again for its new env; the other jobs' copies are kept.
  assert.equal(cache.stats.copied, 8);
  // A job's steps share its matrix object, the one of this parse, whether their copies were kept or not
  // (planning tells a job's instances apart by it).
  const matrixOf = (p: ParsedPipeline, job: string) => p.pipeline.jobs!.find((j) => j.name === job)!.matrix;
  // (Shared steps move with the newest parse: each is checked before the next.)
  for (const parse of [() => envParse, () => parsePipeline(withEnv.replace('run: echo first', 'run: echo first!'), { file, stepCache: cache })]) {
    const p = parse();
    assert.ok(matrixOf(p, 'j2'));
    for (const s of p.pipeline.steps.filter((s) => s.job === 'j2')) assert.equal(s.matrix, matrixOf(p, 'j2'), s.id);
  }
  // The same step text moved from j1 (env from an expression) to j0 (none) is checked there again.
  const moved = withEnv.replace('      j1s1:\n', '      j1s1x:\n').replace('    steps:\n      j0s0:\n', '    steps:\n      j1s1:\n        type: shell\n        with:\n          run: sh -c "echo $W"\n      j0s0:\n');
  assertSame(parsePipeline(moved, { file, stepCache: cache }), moved, file);
  // A job step with an unknown key and one with a bad id stay reported while another step changes.
  const schemaOf = (p: ParsedPipeline) => p.diagnostics.filter((d) => d.code === 'schema').length;
  let bad = text.replace('      j2s3:\n        type: shell\n', '      j2s3:\n        type: shell\n        bogus: 1\n').replace('      j3s2:\n', '      "j3 s2":\n');
  assert.equal(schemaOf(parsePipeline(bad, { file, stepCache: cache })), schemaOf(parsePipeline(bad, { file })));
  assert.ok(schemaOf(parsePipeline(bad, { file })) >= 2);
  for (const n of ['1', '22', '333']) {
    bad = bad.replace(/run: echo first[0-9]*\n/, `run: echo first${n}\n`);
    const again = parsePipeline(bad, { file, stepCache: cache });
    assertSame(again, bad, file);
    assert.ok(cache.stats.schemaChecked <= 3, `schema checked ${cache.stats.schemaChecked} steps`);
  }
});

test('(unit) step cache: its tables hold what the last parses used, not every parse', () => {
  // Every parse rewrites every step's text, so nothing read in one parse is served in the one after next.
  const version = (n: number) => generate(60, 10).replace(/ (\d+)\n/g, ` $1-${n}\n`);
  const cache = new StepCache({ reuseDocument: true, shareSteps: true });
  let first = 0;
  let most = 0;
  for (let n = 0; n < 40; n++) {
    const text = version(n);
    assertSame(parsePipeline(text, { file: '/w/gen.ansflow.yaml', stepCache: cache }), text, '/w/gen.ansflow.yaml');
    if (n === 0) first = cache.retained();
    most = Math.max(most, cache.retained());
  }
  assert.ok(first > 0);
  // Swept as the steps held outgrow those handed out: a few parses' entries at most, not 40 parses' (one parse's is `first`).
  assert.ok(most <= first * 5, `${most} entries held at most, ${first} after one parse`);
});
