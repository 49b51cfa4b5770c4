// (unit) An editor's step cache keeps a step's expression findings and the needs cycles while the step's text
// and the graph-level inputs (validate/graphInputs.ts) are unchanged. Each edit below changes one of those
// inputs outside the step whose findings it changes: the cached parse must still equal a fresh one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePipeline, StepCache } from '../../../../../src/core/pipeline/index.js';

const FILE = '/ws/graph.ansflow.yaml';
// Steps outside jobs; JOBS and CHAIN below add a `jobs:` section.
const TEXT = [
  'version: 1',
  'params:',
  '  target: prod',
  'secrets:',
  '  TOKEN:',
  '    from: env',
  '    env: TOKEN',
  'steps:',
  '  a:',
  '    type: shell',
  '    outputs: { out: x }',
  '    with:',
  '      run: echo a',
  '  m:',
  '    type: shell',
  '    needs: [a]',
  '    with:',
  '      run: echo m',
  '  b:',
  '    type: shell',
  '    needs: [m]',
  '    with:',
  '      run: echo "${{ steps.a.outputs.out }} ${{ params.target }} ${{ secrets.TOKEN }}"',
  'finally:',
  '  f:',
  '    type: shell',
  '    with:',
  '      run: echo ${{ steps.b.outputs.out }}',
  '',
].join('\n');

const JOBS = TEXT.replace('    needs: [m]\n', '    needs: [m, j]\n')
  .replace('${{ secrets.TOKEN }}', '${{ secrets.TOKEN }} ${{ jobs.j.outputs.r }}')
  .replace(
    'finally:\n',
    ['jobs:', '  j:', '    matrix: { os: [linux] }', '    outputs:', '      r: ${{ steps.c.outputs.r }}', '    steps:', '      c:', '        type: shell', '        outputs: { r: y }', '        with:', '          run: echo ${{ matrix.os }}', 'finally:', ''].join('\n'),
  );

// A job's steps wait for the one written before them unless they write needs, even an empty list: c3 reads c1
// through c2, and c2's `needs: []` (its needs still none) cuts that chain.
const CHAIN = ['version: 1', 'jobs:', '  j:', '    steps:', '      c1:', '        type: shell', '        outputs: { x: y }', '        with:', '          run: echo 1', '      c2:', '        type: shell', '        with:', '          run: echo 2', '      c3:', '        type: shell', '        with:', '          run: echo ${{ steps.c1.outputs.x }}', ''].join('\n');

// [what changes, the pipeline, text before, text after, a message the fresh parse of the edited text gives in another step]
const CASES: Array<[string, string, string, string, RegExp]> = [
  ['an output name', TEXT, '{ out: x }', '{ outx: x }', /declares no output 'out'/],
  ['the outputs a finally step reads', TEXT, '    needs: [m]\n', '    needs: [m]\n    outputs: { other: z }\n', /step 'b' declares no output 'out'/],
  ['a step id', TEXT, '  a:\n    type: shell\n    outputs', '  ax:\n    type: shell\n    outputs', /unknown step 'a'/],
  ['a need further up the chain', TEXT, '    needs: [a]\n', '    needs: []\n', /does not need 'a'/],
  ['a param name', TEXT, '  target: prod', '  targetx: prod', /unknown param 'target'/],
  ['a secret name', TEXT, '  TOKEN:\n', '  TOKENX:\n', /unknown secret 'TOKEN'/],
  ['a step moved to finally', TEXT, '      run: echo m\n  b:', '      run: echo m\nfinally:\n  b:', /finally/],
  ['a cycle made elsewhere', TEXT, '    needs: [a]\n', '    needs: [a, b]\n', /dependency cycle/],
  ['a job output name', JOBS, '      r: ${{', '      rx: ${{', /declares no output 'r'/],
  ['a job name', JOBS, '  j:\n    matrix', '  jj:\n    matrix', /unknown job 'j'/],
  ['a job matrix key', JOBS, '{ os: [linux] }', '{ oss: [linux] }', /unknown matrix key 'os'/],
  ['an empty needs in a job\'s step (implicit needs)', CHAIN, '          run: echo 2\n', '          run: echo 2\n        needs: []\n', /does not need 'c1'/],
];

function cachedThenFresh(before: string, after: string): { cached: unknown; fresh: unknown } {
  const cache = new StepCache({ reuseDocument: true, shareSteps: true });
  parsePipeline(before, { file: FILE, stepCache: cache });
  const cached = parsePipeline(after, { file: FILE, stepCache: cache }).diagnostics;
  return { cached, fresh: parsePipeline(after, { file: FILE }).diagnostics };
}

test('(unit) graph inputs: the base texts are clean, so every finding below comes from the edit', () => {
  assert.deepStrictEqual(parsePipeline(TEXT, { file: FILE }).diagnostics, []);
  assert.deepStrictEqual(parsePipeline(JOBS, { file: FILE }).diagnostics, []);
  assert.deepStrictEqual(parsePipeline(CHAIN, { file: FILE }).diagnostics, []);
});

for (const [what, base, from, to, expect] of CASES) {
  test(`(unit) graph inputs: changing ${what} re-checks the steps that read it`, () => {
    assert.ok(base.includes(from), what);
    const edited = base.replace(from, to);
    const { cached, fresh } = cachedThenFresh(base, edited);
    assert.match(JSON.stringify(fresh), expect);
    assert.deepStrictEqual(cached, fresh);
    // And back: the findings must go when the input is restored.
    const back = cachedThenFresh(edited, base);
    assert.deepStrictEqual(back.cached, back.fresh);
  });
}

test('(unit) graph inputs: a keystroke in a script re-checks that step only, and a cycle elsewhere keeps its moved ranges', () => {
  const withCycle = TEXT.replace('    needs: [a]\n', '    needs: [a, b]\n');
  const cache = new StepCache({ reuseDocument: true, shareSteps: true });
  let text = withCycle;
  parsePipeline(text, { file: FILE, stepCache: cache });
  for (const k of [1, 2, 3]) {
    text = text.replace('run: echo "', 'run: echo "x');
    const cached = parsePipeline(text, { file: FILE, stepCache: cache });
    // b's script holds expressions: b is checked again, c and f keep their findings.
    assert.equal(cache.stats.expressionChecks, 1, `keystroke ${k}: ${cache.stats.expressionChecks} expression checks`);
    assert.deepStrictEqual(cached.diagnostics, parsePipeline(text, { file: FILE }).diagnostics);
    assert.match(JSON.stringify(cached.diagnostics), /dependency cycle/);
  }
});
