import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { analyzeScript, injectScript, type ScriptLanguage } from '../../../../../src/core/runner/inject/index.js';

const HOSTILE = `a'b"c\\d {x} \${y} \`z\` """ ''' \n"; import os; os.system('touch /tmp/af-pwn') #\u2028end\u0001`;
const noFiles = { writeValueFile: () => assert.fail('no value file expected') };

function kinds(lang: ScriptLanguage, script: string): string[] {
  return analyzeScript(lang, script).map((s) => {
    const c = s.context;
    if (c.kind === 'error') return `error:${c.problem.code}`;
    if (c.kind === 'py-string') return `str${c.bytes ? ':b' : ''}${c.fstring ? ':f' : ''}${c.quote}`;
    if (c.kind === 'js-string') return `str${c.quote}`;
    return c.kind;
  });
}

test('(unit) python lexer: contexts of ${{ }} occurrences', () => {
  const cases: Array<[string, string[]]> = [
    ['x = ${{ a }}', ['code']],
    ['print("hi ${{ a }}")', ['str"']],
    ["print('''\n${{ a }}''')", ["str'''"]],
    ['print(f"{n} ${{ a }}")', ['str:f"']],
    ["print(f'{${{ a }}}')", ['code']],
    ["b'${{ a }}'", ["str:b'"]],
    ['r"${{ a }}"', ['error:raw-string']],
    ['Rb"${{ a }}"', ['error:raw-string']],
    ['obj.${{ a }}', ['error:identifier']],
    ['def ${{ a }}(): pass', ['error:identifier']],
    ['import ${{ a }}', ['error:identifier']],
    ['x${{ a }} = 1', ['error:identifier']],
    ['# ${{ a }}\ny = ${{ b }}', ['comment', 'code']],
    ['s = "a\\"${{ a }}"', ['str"']],
  ];
  for (const [script, want] of cases) assert.deepEqual(kinds('python', script), want, script);
});

test('(unit) node lexer: contexts of ${{ }} occurrences', () => {
  const cases: Array<[string, string[]]> = [
    ['const x = ${{ a }};', ['code']],
    ["console.log('hi ${{ a }}')", ["str'"]],
    ['console.log(`hi ${{ a }} ${n}`)', ['str`']],
    ['console.log(`${ ${{ a }} }`)', ['code']],
    ['sql`select ${{ a }}`', ['error:tagged-template']],
    ['const r = /x${{ a }}/;', ['error:regex']],
    ['const r = a / ${{ a }} / 2;', ['code']],
    ['obj.${{ a }}', ['error:identifier']],
    ['[...${{ a }}]', ['code']],
    ['function ${{ a }}() {}', ['error:identifier']],
    ['// ${{ a }}\n/* ${{ b }} */ f(${{ c }})', ['comment', 'comment', 'code']],
  ];
  for (const [script, want] of cases) assert.deepEqual(kinds('node', script), want, script);
});

test('(unit) injectScript python/node: code positions read typed JSON from the environment on the same line', () => {
  const py = injectScript('python', 'n = ${{ a }} + 1', () => 41, noFiles);
  assert.equal(py.script, "n = __import__('json').loads(__import__('os').environ['AF_0']) + 1");
  assert.deepEqual(py.env, { AF_0: '41' });
  const inField = injectScript('python', "f'{${{ a }}}'", () => 1, noFiles);
  assert.equal(inField.script, `f'{__import__("json").loads(__import__("os").environ["AF_0"])}'`);
  const js = injectScript('node', 'const xs = ${{ a }};', () => ['a', 1], noFiles);
  assert.equal(js.script, 'const xs = JSON.parse(process.env.AF_0);');
  assert.deepEqual(js.env, { AF_0: '["a",1]' });
});

function runPython(script: string, env: Record<string, string>): string {
  return execFileSync('python3', ['-c', script], { env: { ...env, PATH: process.env.PATH }, encoding: 'utf8' });
}
function runNode(script: string, env: Record<string, string>): string {
  return execFileSync(process.execPath, ['-e', script], { env: { ...env, PATH: process.env.PATH }, encoding: 'utf8' });
}

test('(unit) injectScript python: hostile values arrive literally in every literal kind and in code', () => {
  const lines = [
    'import sys',
    'out = []',
    'out.append("${{ v }}")',
    "out.append('${{ v }}')",
    'out.append("""${{ v }}""")',
    "out.append('''${{ v }}''')",
    'out.append(f"{1}${{ v }}")',
    "out.append(b'${{ v }}'.decode('utf-8'))",
    'out.append(${{ v }})',
    'sys.stdout.write(repr(out))',
  ];
  const r = injectScript('python', lines.join('\n'), () => HOSTILE, noFiles);
  assert.equal(r.script.split('\n').length, lines.length, 'line numbers do not move');
  const got = runPython(r.script, r.env);
  const want = runPython(`import sys, json; v = json.loads(${JSON.stringify(JSON.stringify(HOSTILE))}); sys.stdout.write(repr([v, v, v, v, '1' + v, v, v]))`, {});
  assert.equal(got, want);
});

test('(unit) injectScript node: hostile values arrive literally in every literal kind and in code', () => {
  const lines = ['const out = [];', "out.push('${{ v }}');", 'out.push("${{ v }}");', 'out.push(`${1}${{ v }}`);', 'out.push(${{ v }});', 'process.stdout.write(JSON.stringify(out));'];
  const r = injectScript('node', lines.join('\n'), () => HOSTILE, noFiles);
  assert.equal(r.script.split('\n').length, lines.length);
  assert.deepEqual(JSON.parse(runNode(r.script, r.env)), [HOSTILE, HOSTILE, `1${HOSTILE}`, HOSTILE]);
});

test('(unit) injectScript python/node: large values are read from their file', () => {
  const big = 'y'.repeat(300 * 1024);
  const written: string[] = [];
  const writeValueFile = (t: string) => {
    written.push(t);
    return `/tmp/unused-${written.length}`;
  };
  const py = injectScript('python', 'x = ${{ v }}', () => big, { writeValueFile });
  assert.match(py.script, /AF_0_FILE/);
  assert.equal(written[0], JSON.stringify(big));
  const js = injectScript('node', 'x = ${{ v }}', () => 'a\u0000b', { writeValueFile, envEntryLimit: 8 });
  assert.match(js.script, /readFileSync\(process\.env\.AF_0_FILE/);
});
