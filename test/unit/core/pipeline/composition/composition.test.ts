import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePipeline } from '../../../../../src/core/pipeline/index.js';
import { expandMatrix } from '../../../../../src/core/pipeline/graph/expandMatrix.js';

const errors = (text: string) => parsePipeline(text).diagnostics.filter((d) => d.severity === 'error');

test('(unit) composition: top-level x- keys hold anchors and are ignored', () => {
  const text = `version: 1
x-shell: &sh
  type: shell
x-note: anything
steps:
  a:
    <<: *sh
    with: { run: echo a }
`;
  const r = parsePipeline(text);
  assert.deepEqual(errors(text), []);
  assert.equal(r.pipeline.steps[0]!.type, 'shell');
  // Other unknown top-level keys stay errors.
  assert.ok(errors(text.replace('x-note', 'note')).some((d) => d.code === 'schema'));
});

test('(unit) composition: a template extends another, keys and with/env merged along the chain', () => {
  const text = `version: 1
templates:
  base:
    type: shell
    env: { A: '1', B: '1' }
    with: { run: echo base, shell: bash }
  mid:
    extends: base
    env: { B: '2' }
    timeout: 1m
  leaf:
    extends: mid
    with: { run: echo leaf }
steps:
  s:
    uses: leaf
`;
  assert.deepEqual(errors(text), []);
  const s = parsePipeline(text).pipeline.steps[0]!;
  assert.equal(s.type, 'shell');
  assert.deepEqual(s.env, { A: '1', B: '2' });
  assert.deepEqual(s.with, { run: 'echo leaf', shell: 'bash' });
  assert.equal(s.timeoutMs, 60_000);
});

test('(unit) composition: a cycle of extends and an unknown base are errors at the extends value', () => {
  const text = `version: 1
templates:
  a: { extends: b, type: shell, with: { run: x } }
  b: { extends: a }
  c: { extends: nope, type: shell, with: { run: x } }
steps:
  s: { uses: a }
`;
  const d = errors(text);
  const cycle = d.find((x) => x.code === 'cycle');
  assert.ok(cycle, JSON.stringify(d));
  assert.match(cycle.message, /a → b → a/);
  assert.equal(text.slice(cycle.range.start, cycle.range.end), 'b');
  const unknown = d.find((x) => x.code === 'unknown-template');
  assert.ok(unknown);
  assert.equal(text.slice(unknown.range.start, unknown.range.end), 'nope');
});

test('(unit) composition: before/after wrap with.run, from the template or the step', () => {
  const text = `version: 1
templates:
  node:
    type: shell
    before: [npm ci]
    after: echo done
steps:
  test:
    uses: node
    with: { run: npm test }
  lint:
    uses: node
    before: [npm ci --omit=dev]
    with:
      run: |
        npm run lint
`;
  assert.deepEqual(errors(text), []);
  const [test1, lint] = parsePipeline(text).pipeline.steps;
  assert.equal(test1!.with.run, 'npm ci\nnpm test\necho done\n');
  assert.equal(lint!.with.run, 'npm ci --omit=dev\nnpm run lint\necho done\n');
  const bad = errors(`version: 1
steps:
  p: { type: python, before: [x], with: { script: 'print(1)' } }
`);
  assert.ok(bad.some((x) => x.message.includes("'before' wraps the script of a shell step")));
});

test('(unit) composition: when: manual becomes an approval; an explicit approval wins', () => {
  const text = `version: 1
steps:
  deploy: { type: shell, when: manual, with: { run: echo } }
  other: { type: shell, when: manual, approval: { message: Really? }, with: { run: echo } }
  plain: { type: shell, with: { run: echo } }
`;
  assert.deepEqual(errors(text), []);
  const [deploy, other, plain] = parsePipeline(text).pipeline.steps;
  assert.equal(deploy!.approval?.message, "Run 'deploy'?");
  assert.equal(other!.approval?.message, 'Really?');
  assert.equal(plain!.approval, undefined);
  assert.ok(errors(text.replace('when: manual', 'when: later')).some((d) => d.code === 'schema'));
});

test("(unit) composition: a template matrix's include adds keys to existing combinations", () => {
  const text = `version: 1
templates:
  test:
    type: shell
    matrix:
      node: [18, 20]
      include:
        - { node: 20, coverage: true }
    with: { run: "echo \${{ matrix.node }} \${{ matrix.coverage }}" }
steps:
  t: { uses: test }
  # The step's own keys are checked against the template's matrix: an include-only key is known.
  u: { uses: test, with: { run: "echo \${{ matrix.coverage }}" } }
`;
  assert.deepEqual(errors(text), []);
  const t = parsePipeline(text).pipeline.steps[0]!;
  assert.deepEqual(expandMatrix(t).map((i) => i.key), ['t[node=18]', 't[node=20,coverage=true]']);
});

test('(unit) composition: a merge list warns at the later alias for each key an earlier map hides', () => {
  const text = `version: 1
x-a: &a { timeout: 1m, env: { A: '1' } }
x-b: &b { timeout: 5m, retry: 2 }
steps:
  s:
    <<: [*a, *b]
    env: { B: '2' }
    type: shell
    with: { run: echo }
  t:
    <<: *b
    type: shell
    with: { run: echo }
`;
  const r = parsePipeline(text);
  const warnings = r.diagnostics.filter((d) => d.code === 'merge-key-ignored');
  assert.equal(warnings.length, 1, JSON.stringify(r.diagnostics));
  assert.match(warnings[0]!.message, /'timeout' from \*b is ignored: \*a/);
  assert.equal(text.slice(warnings[0]!.range.start, warnings[0]!.range.end), '*b');
  assert.equal(r.pipeline.steps[0]!.timeoutMs, 60_000);
  assert.equal(r.pipeline.steps[0]!.retry?.max, 2);
});
