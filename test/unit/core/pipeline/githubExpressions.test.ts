// GitHub Actions expression semantics, case by case: one row per behaviour (expression → value),
// checked against the rules of actions/runner's expression engine (Expressions2) and the GitHub docs
// "Evaluate expressions in workflows and actions". Rows marked "deviation" pin a documented
// difference (docs/pipeline-format.md, "Deliberate deviations").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ExpressionError,
  evaluateExpression,
  interpolate,
  interpolateDeep,
  parsePipeline,
  type ExpressionContext,
} from '../../../../src/core/pipeline/index.js';

function ctx(): ExpressionContext {
  return {
    params: { env: 'Prod', replicas: 3, debug: false, list: ['a', 'b', 'c'], obj: { Name: 'x', n: 1 }, empty: '' },
    env: { HOME: '/home/u' },
    secrets: { TOKEN: 's3cr3t' },
    steps: {
      build: { outputs: { tag: 'v1.2', files: '["x.json","y.json"]' }, status: 'success' },
      test: { outputs: {}, status: 'failure' },
    },
    matrix: { os: 'linux', node: 20 },
    run: { id: 'r-42' },
    pipeline: { status: 'success', name: 'demo' },
    state: { failed: false, cancelled: false },
  };
}

const SYNTAX = Symbol('syntax error');
const EVAL = Symbol('evaluation error');
type Row = [source: string, expected: unknown];

const GROUPS: Record<string, Row[]> = {
  'across types both sides become numbers': [
    ["null == ''", true],
    ['null == 0', true],
    ['null == false', true],
    ["'' == 0", true],
    ["'' == false", true],
    ["' 42 ' == 42", true],
    ["'0x1F' == 31", true],
    ["'0o17' == 15", true],
    ["'1e3' == 1000", true],
    ["'.5' == 0.5", true],
    ["'+1' == 1", true],
    ["'1.' == 1", true],
    ["'Infinity' == Infinity", true],
    ["'-Infinity' == -Infinity", true],
    ["'0xFFFFFFFF' == -1", true], // hex is read as a 32-bit integer
    ["'0X1F' == 31", false], // only a lower-case 0x prefix is hex
    ["'-0x10' == -16", false],
    ["'1,000' == 1000", false],
    ["'abc' == 0", false], // NaN equals nothing
    ["'abc' != 0", true],
    ['NaN == NaN', false],
    ['true == 1', true],
    ["true == '1'", true],
    ["true == 'true'", false],
    ["false == '0'", true],
    ['true == true', true],
    ["'3' == params.replicas", true],
    ['params.obj == params.obj', true],
    ["params.obj == 'Object'", false],
    ['params.obj == null', false],
    ["fromJSON('[]') == fromJSON('[]')", false], // objects equal only themselves
  ],
  'strings compare case-insensitively': [
    ["'Prod' == 'PROD'", true],
    ["params.env == 'prod'", true],
    ["params.env != 'staging'", true],
    ["'a' < 'B'", true],
    ["'B' > 'a'", true],
    ["'_' < 'a'", false], // ordinal after upper-casing: '_' (0x5F) sorts after 'A'
    ["'abc' <= 'ABC'", true],
    ["'10' < '9'", true],
    ["'École' == 'éCOLE'", true],
    ["'Straße' == 'STRASSE'", false], // per-character folding: 'ß' does not become 'SS'
  ],
  'ordering': [
    ["'10' < 9", false],
    ['null < 1', true],
    ['true > false', true],
    ["'abc' < 1", false],
    ["'abc' >= 1", false],
    ['NaN < 1', false],
    ['Infinity >= Infinity', true],
    ['params.obj < 1', false],
    ['params.obj >= params.obj', true],
    ['params.replicas >= 3 && params.replicas < 4', true],
  ],
  'missing values are null': [
    ["matrix.missing != ''", false],
    ["matrix.missing == ''", true],
    ['matrix.missing == null', true],
    ['steps.nothing.outputs.x', null],
    ['params.missing', null],
    ['nosuchcontext', null],
  ],
  'operators ! && ||': [
    ["!''", true],
    ["!'0'", false],
    ['!0', true],
    ['!NaN', true],
    ['!null', true],
    ['!params.obj', false],
    ["!!'x'", true],
    ['!params.debug == true', true], // ! binds tighter than ==
    ["'' || 0 || null", null], // the last operand when none is truthy
    ["'a' && 0 && 'b'", 0], // the first falsy operand
    ["params.missing || 'default'", 'default'],
    ["1 && 'x'", 'x'],
    ['0 || false', false],
    ['(1 == 1) && (2 > 1 || false)', true],
  ],
  'names are case-insensitive': [
    ["fromjson('[1]')[0]", 1],
    ["FROMJSON('[1]')[0]", 1],
    ["fromJson('{\"a\": 2}').a", 2],
    ['toJson(1)', '1'],
    ["StartsWith('Abc', 'a')", true],
    ["CONTAINS('abc', 'B')", true],
    ['Steps.Build.Outputs.Tag', 'v1.2'],
    ["steps['BUILD'].status", 'success'],
    ['PARAMS.ENV', 'Prod'],
    ['Matrix.OS', 'linux'],
    ["fromJSON('{\"A\": {\"b\": 1}}').a.B", 1],
    ['Secrets.token', 's3cr3t'],
    ['Env.HOME', '/home/u'],
    ['env.home', null], // env keys are case-sensitive, as on GitHub's Linux and macOS runners
  ],
  'number literals': [
    ['.5', 0.5],
    ['+1', 1],
    ['-1', -1],
    ['1.', 1],
    ['0x1F', 31],
    ['0o7', 7],
    ['1e3', 1000],
    ['1.5e-3', 0.0015],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['0x10 == 16', true],
    ['(.5)', 0.5],
    ['0X1F', SYNTAX],
    ['0o8', SYNTAX],
    ['1a', SYNTAX],
    ['+', SYNTAX],
    ['1-2', SYNTAX],
    ['nan', null], // NaN and Infinity are case-sensitive keywords; `nan` is an (unknown) name
    ['-params.replicas', -3], // extension: unary minus (GitHub only has negative literals)
  ],
  'how numbers are written': [
    ["format('{0}', Infinity)", 'Infinity'],
    ["format('{0}', -Infinity)", '-Infinity'],
    ["format('{0}', NaN)", 'NaN'],
    ["format('{0}', 1e3)", '1000'],
    ["format('{0}', 0.1)", '0.1'],
    ["format('{0}', 1.5)", '1.5'],
    ["format('{0}', 0.0001)", '0.0001'],
    ["format('{0}', 0.00001)", '1E-05'],
    ["format('{0}', 123456789012345)", '123456789012345'],
    ["format('{0}', 1e15)", '1E+15'],
    ["format('{0}', 123456789012345678)", '1.23456789012346E+17'],
    ["format('{0}', 0.1234567890123456)", '0.123456789012346'],
    ["format('{0}', 0x1F)", '31'],
    ["format('{0}|{1}|{2}', true, false, null)", 'true|false|'],
  ],
  'indexing': [
    ['params.list[1]', 'b'],
    ["params.list['1']", 'b'],
    ['params.list[false]', 'a'],
    ['params.list[true]', 'b'],
    ["params.list[' 0x02 ']", 'c'],
    ['params.list[null]', 'a'],
    ['params.list[1.9]', 'b'],
    ['params.list[.5]', 'a'],
    ['params.list[-1]', null],
    ['params.list[3]', null],
    ["params.list['x']", null],
    ['params.list[params.obj]', null],
    ['params.list.length', null], // lists have no properties
    ["steps['build'].status", 'success'],
    ["fromJSON('{\"1\": \"one\", \"true\": \"yes\", \"\": \"blank\"}')[1]", 'one'],
    ["fromJSON('{\"1\": \"one\", \"true\": \"yes\", \"\": \"blank\"}')[true]", 'yes'],
    ["fromJSON('{\"1\": \"one\", \"true\": \"yes\", \"\": \"blank\"}')[null]", 'blank'],
    ["fromJSON('{\"a\": 1}')['A']", 1],
    ["fromJSON('[10, 20]')[1]", 20], // indexing a function result
    ["fromJSON('{\"a\": {\"b\": 2}}').a.b", 2],
    ['(params.list)[0]', 'a'],
    ["params.env['x']", null],
    ['params.env.x', null],
  ],
  'object filters .* and [*]': [
    ['steps.*.status', ['success', 'failure']],
    ["contains(steps.*.status, 'FAILURE')", true],
    ['steps.*.outputs.tag', ['v1.2']],
    ['params.list.*', ['a', 'b', 'c']],
    ['params.list[*]', ['a', 'b', 'c']],
    ['params.obj.*', ['x', 1]],
    ["fromJSON('[{\"n\": 1}, {\"n\": 2}, {\"m\": 3}]').*.n", [1, 2]],
    ["fromJSON('[{\"n\": 1}, {\"n\": 2}]')[*].n", [1, 2]],
    ["fromJSON('[{\"n\": null}]').*.n", [null]],
    ["fromJSON('[[1, 2], [3]]').*[0]", [1, 3]],
    ["fromJSON('[[1, 2], [3], 4]').*.*", [1, 2, 3]],
    ["fromJSON('[[1, 2], [3]]').*[1]", [2]],
    ['join(steps.*.status)', 'success,failure'],
    ['params.env.*', []],
    ['params.missing[*]', []],
    ['params.list.*.x', []],
    ['toJSON(params.list.*)', '[\n  "a",\n  "b",\n  "c"\n]'],
  ],
  'contains, startsWith, endsWith': [
    ["contains('Hello World', 'WORLD')", true],
    ["contains(params.list, 'B')", true],
    ["contains(fromJSON('[1, 2]'), '2')", true],
    ["contains(fromJSON('[null]'), '')", true],
    ["contains(null, '')", true],
    ["contains('abc', null)", true],
    ["contains(null, 'a')", false],
    ['contains(123, 2)', true],
    ["contains(true, 'RU')", true],
    ["contains(params.obj, 'Name')", false],
    ["contains('Object', params.obj)", false],
    ["contains(fromJSON('[]'), '')", false],
    ["startsWith('Hello', 'he')", true],
    ["endsWith('file.TXT', '.txt')", true],
    ["startsWith(null, '')", true],
    ['startsWith(12, 1)', true],
    ["startsWith(params.obj, '')", false],
    ["endsWith('abc', params.list)", false],
  ],
  'join': [
    ["join('abc')", 'abc'],
    ['join(null)', ''],
    ['join(12)', '12'],
    ['join(true)', 'true'],
    ['join(params.obj)', ''],
    ['join(params.list)', 'a,b,c'],
    ["join(params.list, ' + ')", 'a + b + c'],
    ['join(params.list, params.obj)', 'a,b,c'], // a separator that is not a primitive falls back to ','
    ["join(fromJSON('[1, true, null]'), '-')", '1-true-'],
    ["join(fromJSON('[]'))", ''],
    ['join(fromJSON(steps.build.outputs.files))', 'x.json,y.json'],
  ],
  'format': [
    ["format('{0}-{1}', matrix.os, matrix.node)", 'linux-20'],
    ["format('{{{0}}}', 'x')", '{x}'],
    ["format('}}{{')", '}{'],
    ["format('a {0} {0}', 'b')", 'a b b'],
    ["format('plain')", 'plain'],
    ["format('{')", EVAL],
    ["format('}')", EVAL],
    ["format('{0', 1)", EVAL],
    ["format('{0} }', 1)", EVAL],
    ["format('{x}', 1)", EVAL],
    ["format('{}', 1)", EVAL],
    ["format('{0:x}', 1)", EVAL],
    ["format('{1}', 'a')", EVAL],
  ],
  'toJSON and fromJSON': [
    ['toJSON(params.obj)', '{\n  "Name": "x",\n  "n": 1\n}'],
    ['toJSON(params.list)', '[\n  "a",\n  "b",\n  "c"\n]'],
    ["toJSON(fromJSON('[1, [2]]'))", '[\n  1,\n  [\n    2\n  ]\n]'],
    ["toJSON('a')", '"a"'],
    ['toJSON(null)', 'null'],
    ['toJSON(true)', 'true'],
    ["toJSON(fromJSON('{}'))", '{}'],
    ["toJSON(fromJSON('[]'))", '[]'],
    ["fromJSON('{\"a\": [1, 2]}').a[1]", 2],
    ["fromJSON('true')", true],
    ["fromJSON('null')", null],
    ["fromJSON(' \"s\" ')", 's'],
    ["fromJSON('1.5')", 1.5],
    ['fromJSON(steps.build.outputs.files)[1]', 'y.json'],
    ["fromJSON('')", EVAL],
    ["fromJSON('{bad')", EVAL],
  ],
  'case(pred, value, …, default)': [
    ["case(true, 'a', 'b')", 'a'],
    ["case(false, 'a', 'b')", 'b'],
    ["case(params.env == 'prod', 'p', params.env == 'dev', 'd', 'other')", 'p'],
    ["case(1 == 2, 'x', 3 > 2, 'y', 'z')", 'y'],
    ["case(false, 'a', false, 'b', 'c')", 'c'],
    ["CASE(false, 'a', true, params.list, 'c')", ['a', 'b', 'c']],
    ["case(true, 'a', fromJSON('{'))", 'a'], // later arguments are not evaluated
    ["case('yes', 'a', 'b')", EVAL], // predicates must be booleans
    ["case(1, 'a', 'b')", EVAL],
    ["case(true, 'a')", SYNTAX],
    ["case(true, 'a', false, 'b')", SYNTAX], // pairs plus a default: an odd count
  ],
  'secrets and empty expressions': [
    ['secrets.TOKEN', 's3cr3t'],
    ['secrets.UNSET', ''],
    ["secrets['UNSET']", ''],
    ['toJSON(secrets.UNSET)', '""'],
    ['', null],
    ['   ', null],
  ],
  'syntax': [
    ["'it''s'", "it's"],
    ["'a''''b'", "a''b"],
    ['"double"', SYNTAX],
    ['a == = b', SYNTAX],
    ['params.', SYNTAX],
    ['toString(1)', SYNTAX], // not a function, even though every JS object has one
    ['hasOwnProperty(1)', SYNTAX],
    ['params.constructor', null],
    ['constructor', null],
    ['success()', true],
    ['Always()', true],
    ["hashFiles()", SYNTAX], // takes at least one glob
    ['failure()', false],
    ['cancelled()', false],
  ],
};

function show(v: unknown): string {
  return typeof v === 'symbol' ? v.description! : typeof v === 'number' ? String(v) : JSON.stringify(v);
}

for (const [group, rows] of Object.entries(GROUPS)) {
  for (const [source, expected] of rows) {
    test(`(unit) github expressions: ${group}: ${source} → ${show(expected)}`, () => {
      if (expected === SYNTAX || expected === EVAL) {
        assert.throws(
          () => evaluateExpression(source, ctx()),
          (e: unknown) => e instanceof ExpressionError && e.code === (expected === SYNTAX ? 'syntax' : 'evaluation') && !e.message.includes('\n'),
        );
        return;
      }
      const got = evaluateExpression(source, ctx());
      // Filtered arrays are plain arrays to every consumer.
      assert.deepStrictEqual(Array.isArray(got) ? [...got] : got, expected);
    });
  }
}

test('(unit) github expressions: interpolation writes values the way GitHub does', () => {
  assert.equal(interpolate("v=${{ format('{0}', Infinity) }} n=${{ 1e3 }} s=${{ secrets.UNSET }} e=${{ }}.", ctx()), 'v=Infinity n=1000 s= e=.');
  assert.equal(interpolate('${{ 0.00001 }}|${{ true }}|${{ null }}', ctx()), '1E-05|true|');
  assert.deepEqual(interpolateDeep({ a: '${{ }}', b: '${{ steps.*.status }}', c: '${{ fromJson(steps.build.outputs.files) }}' }, ctx()), {
    a: '',
    b: ['success', 'failure'],
    c: ['x.json', 'y.json'],
  });
});

test('(unit) github expressions: error messages are one line and name the problem', () => {
  const msg = (src: string): string => {
    try {
      evaluateExpression(src, ctx());
    } catch (e) {
      return (e as Error).message;
    }
    return '';
  };
  assert.match(msg("format('{')"), /format string is invalid/);
  assert.match(msg("format('{1}', 'a')"), /more arguments than were supplied/);
  assert.match(msg("case('x', 1, 2)"), /case\(\).*boolean/);
  assert.match(msg("case(true, 1, false, 2)"), /odd number/);
  assert.match(msg('0X1F'), /0X1F/);
  assert.ok(msg(`1 '${'x'.repeat(20000)}'`).length < 300, 'a long bad token is quoted in part');
});

test('(unit) github expressions: deep or long expressions are refused with a syntax error, never a crash', () => {
  for (const src of ['('.repeat(5000) + '1' + ')'.repeat(5000), '!'.repeat(5000) + '1', 'a' + '.b'.repeat(10000), '1' + ' || 1'.repeat(3000), "'" + 'x'.repeat(30000) + "'"]) {
    assert.throws(() => evaluateExpression(src, ctx()), (e: unknown) => e instanceof ExpressionError && e.code === 'syntax', src.slice(0, 20));
  }
  // Ordinary long chains stay fine.
  assert.equal(evaluateExpression(Array.from({ length: 40 }, (_, i) => `matrix.node == ${i}`).join(' || '), ctx()), true);
});

test('(unit) github expressions: the validator accepts names in any case, as the evaluator does', () => {
  const text = [
    'version: 1',
    'params:',
    '  env: { type: string, default: dev }',
    'secrets:',
    '  TOKEN: { from: env, env: AF_TOKEN }',
    'steps:',
    '  build:',
    '    type: shell',
    '    outputs: { tag: the image tag }',
    '    with: { run: "echo ${{ PARAMS.Env }} ${{ Secrets.token }}" }',
    '  deploy:',
    '    type: shell',
    '    needs: build',
    "    if: Steps.Build.Status == 'success' && fromjson('[1]')[0] == 1",
    '    matrix: { os: [linux] }',
    '    with: { run: "echo ${{ steps.BUILD.outputs.TAG }} ${{ Matrix.OS }} ${{ steps.*.status }}" }',
  ].join('\n');
  const d = parsePipeline(text).diagnostics.filter((x) => x.code === 'unknown-reference' || x.code === 'expression-syntax' || x.code === 'missing-need');
  assert.deepEqual(d.map((x) => `${x.code}: ${x.message}`), []);
});
