import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ExpressionError,
  evaluateCondition,
  evaluateExpression,
  findExpressions,
  interpolate,
  interpolateDeep,
  parseExpression,
  type ExpressionContext,
} from '../../../../src/core/pipeline/index.js';

function ctx(over: Partial<ExpressionContext> = {}): ExpressionContext {
  return {
    params: { env: 'Prod', replicas: 3, debug: false, list: ['a', 'b'] },
    env: { HOME: '/home/u' },
    secrets: { TOKEN: 's3cr3t' },
    steps: { build: { outputs: { tag: 'v1.2', files: '["x.json","y.json"]' }, status: 'success' } },
    matrix: { os: 'linux', node: 20 },
    run: { id: 'r-42' },
    pipeline: { status: 'running', name: 'demo' },
    state: { failed: false, cancelled: false },
    ...over,
  };
}

const EVAL: Array<[string, unknown]> = [
  ["params.env == 'prod'", true], // strings compare case-insensitively
  ["params.env != 'staging'", true],
  ['params.replicas >= 3 && params.replicas < 4', true],
  ["params.replicas == '3'", true], // mixed types compare as numbers
  ['params.debug == 0', true],
  ['!params.debug', true],
  ['!params.debug == true', true], // ! binds tighter than ==
  ["params.missing || 'default'", 'default'], // || returns an operand
  ["params.env && 'yes'", 'yes'],
  ['steps.nothing.outputs.x', null], // property access on null yields null
  ['steps.build.outputs.tag', 'v1.2'],
  ["steps['build'].status", 'success'],
  ['params.list[1]', 'b'],
  ['matrix.node > 18', true],
  ["'it''s'", "it's"],
  ['-params.replicas', -3],
  ['(1 == 1) && (2 > 1 || false)', true],
  ['null == null', true],
  ["contains('Hello World', 'WORLD')", true],
  ["contains(params.list, 'A')", true],
  ["startsWith(run.id, 'R-')", true],
  ["endsWith('file.tar.gz', '.GZ')", true],
  ["format('{0}-{1} {{literal}}', matrix.os, matrix.node)", 'linux-20 {literal}'],
  ["join(params.list, ' + ')", 'a + b'],
  ["join(fromJSON(steps.build.outputs.files))", 'x.json,y.json'],
  ["fromJSON('{\"a\": [1, 2]}').a[1]", 2],
  ['toJSON(params.list)', '[\n  "a",\n  "b"\n]'],
  ['success()', true],
  ['failure()', false],
  ['always()', true],
  ['cancelled()', false],
  ['0x10 == 16', true],
];

for (const [src, want] of EVAL) {
  test(`(unit) expressions: ${src} → ${JSON.stringify(want)}`, () => {
    assert.deepEqual(evaluateExpression(src, ctx()), want);
  });
}

test('(unit) expressions: parse errors carry offsets shifted by the base offset', () => {
  const CASES: Array<[string, number, number]> = [
    ['a == = b', 5, 6],
    ['(a', 2, 2],
    ['a.', 2, 2],
    ['foo(1)', 0, 3],
    ['contains(1)', 0, 11],
    ["'open", 0, 5],
    ['a b', 2, 3],
    ['"double"', 0, 1],
  ];
  for (const [src, start, end] of CASES) {
    const r = parseExpression(src, 100);
    assert.ok(r.errors.length > 0, `${src} should fail`);
    assert.deepEqual([r.errors[0]!.start, r.errors[0]!.end], [100 + start, 100 + end], src);
  }
});

test('(unit) expressions: AST positions are document offsets', () => {
  const r = parseExpression(' steps.a.outputs.x == 1', 50);
  assert.equal(r.errors.length, 0);
  assert.equal(r.ast!.kind, 'binary');
  assert.equal(r.ast!.start, 51);
  assert.equal(r.ast!.end, 73);
});

test('(unit) expressions: evaluateExpression throws ExpressionError with a code', () => {
  assert.throws(() => evaluateExpression('a ==', ctx()), (e: unknown) => e instanceof ExpressionError && e.code === 'syntax');
  assert.throws(() => evaluateExpression("fromJSON('{')", ctx()), (e: unknown) => e instanceof ExpressionError && e.code === 'evaluation');
  assert.throws(() => evaluateExpression("format('{1}', 'a')", ctx()), (e: unknown) => e instanceof ExpressionError && e.code === 'evaluation');
});

test('(unit) expressions: interpolate replaces every occurrence; objects become JSON; null becomes empty', () => {
  assert.equal(interpolate('img:${{ steps.build.outputs.tag }}-${{ matrix.os }} ${{ steps.x.outputs.y }}|${{ params.list }}', ctx()), 'img:v1.2-linux |["a","b"]');
  assert.equal(interpolate("${{ '}}' }}", ctx()), '}}');
  assert.equal(interpolate('no expressions', ctx()), 'no expressions');
  assert.throws(() => interpolate('x ${{ params.env', ctx()), ExpressionError);
});

test('(unit) expressions: interpolateDeep keeps the type of a lone expression', () => {
  const out = interpolateDeep({ n: '${{ params.replicas }}', list: ['${{ fromJSON(steps.build.outputs.files) }}'], s: 'v=${{ params.replicas }}', keep: 5 }, ctx());
  assert.deepEqual(out, { n: 3, list: [['x.json', 'y.json']], s: 'v=3', keep: 5 });
});

test('(unit) expressions: evaluateCondition with and without ${{ }}, and the failure state', () => {
  assert.equal(evaluateCondition("params.env == 'prod'", ctx()), true);
  assert.equal(evaluateCondition("${{ params.env == 'dev' }}", ctx()), false);
  assert.equal(evaluateCondition('', ctx({ state: { failed: true, cancelled: false } })), false);
  assert.equal(evaluateCondition('failure()', ctx({ state: { failed: true, cancelled: false } })), true);
  assert.equal(evaluateCondition('success()', ctx({ state: { failed: false, cancelled: true } })), false);
  assert.equal(evaluateCondition('${{ params.debug }}', ctx()), false);
  assert.equal(evaluateCondition('${{ params.env }}-ok', ctx()), true);
  assert.equal(evaluateCondition(String(false), ctx()), false);
});

test('(unit) expressions: findExpressions honours quotes and reports unterminated ones', () => {
  const found = findExpressions("a ${{ x }} b ${{ '}}' }} c ${{ y", 10);
  assert.deepEqual(found.map((f) => [f.source, f.start, f.end, f.sourceOffset, f.unterminated ?? false]), [
    [' x ', 12, 20, 15, false],
    [" '}}' ", 23, 34, 26, false],
    [' y', 37, 42, 40, true],
  ]);
});

test('(unit) expressions: parsing is cached by source (same tree object)', () => {
  const a = parseExpression('params.x == 1');
  const b = parseExpression('params.x == 1');
  assert.equal(a, b);
});
