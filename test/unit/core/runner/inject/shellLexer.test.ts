import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyzeScript, injectScript } from '../../../../../src/core/runner/inject/index.js';
import { withSeededSample } from '../../../helpers/seededSample.js';

const HOSTILE = `a'b"c $(touch /tmp/x) \`id\` \${HOME} \\ * ; | & \n next line`;
const noFiles = { writeValueFile: () => assert.fail('no value file expected') };

function kinds(script: string): string[] {
  return analyzeScript('shell', script).map((s) => (s.context.kind === 'error' ? `error:${s.context.problem.code}` : s.context.kind));
}

test('(unit) shell lexer: contexts of ${{ }} occurrences', () => {
  const cases: Array<[string, string[]]> = [
    ['echo ${{ a }}', ['unquoted']],
    ['echo "x ${{ a }} y"', ['double']],
    ["echo 'x ${{ a }} y'", ['single']],
    ['"${{ a }}":"${{ b }}"', ['double', 'double']],
    ['${{ matrix.tool }} --version', ['unquoted']],
    ['cat <<EOF\nhi ${{ a }}\nEOF\necho ${{ b }}', ['heredoc', 'unquoted']],
    ["cat <<'EOF'\nhi ${{ a }}\nEOF", ['error:quoted-heredoc']],
    ['cat <<-"END"\n\thi ${{ a }}\n\tEND', ['error:quoted-heredoc']],
    ['echo $(( ${{ a }} + 1 ))', ['error:arithmetic']],
    ['(( n = ${{ a }} ))', ['error:arithmetic']],
    ['[[ $x -eq ${{ a }} ]]', ['error:arithmetic']],
    ['[[ ${{ a }} -lt 3 ]]', ['error:arithmetic']],
    ['[[ ${{ a }} == x ]]', ['unquoted']],
    ['eval "echo ${{ a }}"', ['error:reparsed']],
    ["sh -c 'echo ${{ a }}'", ['error:reparsed']],
    ['sudo bash -ec "echo ${{ a }}"', ['error:reparsed']],
    ['bash -c \'echo "$1"\' bash ${{ a }}', ['unquoted']],
    ['bash <<EOF\necho ${{ a }}\nEOF', ['error:reparsed']],
    ["echo $'x ${{ a }}'", ['error:ansi-c-quote']],
    ['echo \\${{ a }}', ['error:escaped']],
    ['# note ${{ a }}\necho ${{ b }}', ['comment', 'unquoted']],
    ['echo "$(basename ${{ a }})"', ['unquoted']],
    ['echo "${X:-${{ a }}}"', ['double']],
    ['echo ${arr[${{ a }}]}', ['error:arithmetic']],
    ['echo `echo ${{ a }}`', ['unquoted']],
    ["echo \"it's ${{ a }}\"", ['double']],
    ['let x=${{ a }}', ['error:reparsed']],
  ];
  for (const [script, want] of cases) assert.deepEqual(kinds(script), want, script);
});

test('(unit) shell lexer: ssh and re-parsing programs get a warning, not an error', () => {
  const [s] = analyzeScript('shell', 'ssh host "deploy ${{ a }}"');
  assert.equal(s!.context.kind, 'double');
  assert.match(s!.warning!, /ssh/);
  const [t] = analyzeScript('shell', "awk '{print \"${{ a }}\"}' f");
  assert.match(t!.warning!, /awk/);
});

test('(unit) injectScript shell: each context gets the right reference', () => {
  const r = injectScript('shell', `echo \${{ a }} "\${{ a }}" 'x\${{ b }}y' && \${{ c }}:x`, (s) => s.trim(), noFiles);
  assert.equal(r.script, `echo "\${AF_0}" "\${AF_0}" 'x'"\${AF_1}"'y' && "\${AF_2}":x`);
  assert.deepEqual(r.env, { AF_0: 'a', AF_1: 'b', AF_2: 'c' });
  assert.throws(() => injectScript('shell', "cat <<'E'\n${{ a }}\nE", () => 'v', noFiles), (e: Error & { code?: string }) => e.code === 'quoted-heredoc' && /env:/.test(e.message));
});

for (const shell of ['bash', 'dash']) {
  test(`(unit) injectScript shell: hostile values arrive literally in every quoting context (${shell})`, () => {
    const script = [
      'printf "%s|" ${{ v }}',
      'printf "%s|" "pre ${{ v }} post"',
      "printf '%s|' 'pre ${{ v }} post'",
      'printf "%s|" pre${{ v }}post',
      'cat <<EOF',
      'h ${{ v }}',
      'EOF',
    ].join('\n');
    const r = injectScript('shell', script, () => HOSTILE, noFiles);
    const out = execFileSync(shell, ['-c', r.script], { env: { ...r.env, PATH: process.env.PATH, HOME: '/nonexistent' }, encoding: 'utf8' });
    assert.equal(out, `${HOSTILE}|pre ${HOSTILE} post|pre ${HOSTILE} post|pre${HOSTILE}post|h ${HOSTILE}\n`);
  });
}

test('(unit) injectScript shell: a value over the environment limit goes through a file read by the prologue', () => {
  const big = 'x'.repeat(200 * 1024) + '\n\n';
  const files: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'af-inject-'));
  const r = injectScript('shell', 'printf %s "${{ v }}" | wc -c', () => big, {
    writeValueFile: (t) => {
      const f = join(dir, `v${files.length}`);
      writeFileSync(f, t, { mode: 0o600 });
      files.push(f);
      return f;
    },
  });
  assert.equal(files.length, 1);
  assert.deepEqual(Object.keys(r.env), ['AF_0_FILE']);
  const out = execFileSync('bash', ['-c', `${r.prologue}\n${r.script}`], { env: { ...r.env, PATH: process.env.PATH }, encoding: 'utf8' });
  assert.equal(out.trim(), String(big.length));
  assert.throws(() => injectScript('shell', 'echo ${{ v }}', () => 'a\u0000b', noFiles), /NUL/);
});

test('(unit) injectScript shell: random values arrive literally in every quoting context (property, real bash)', () =>
  withSeededSample(fc.string({ unit: fc.oneof(fc.constantFrom('$', '(', ')', '`', "'", '"', '\\', '\n', ';', '|', '&', '*', '?', '[', ']', '{', '}', '#', '~', ' ', '\t', '!'), fc.string({ unit: 'grapheme', maxLength: 1 })) }), 40, (values) => {
    const script = ['printf "%s|" ${{ v }}', 'printf "%s|" "q ${{ v }}"', "printf '%s|' 's ${{ v }}'", 'cat <<EOF', 'h ${{ v }}', 'EOF'].join('\n');
    for (const v of values) {
      const r = injectScript('shell', script, () => v, noFiles);
      const out = execFileSync('bash', ['-c', r.script], { env: { ...r.env, PATH: process.env.PATH }, encoding: 'utf8' });
      assert.equal(out, `${v}|q ${v}|s ${v}|h ${v}\n`, JSON.stringify(v));
    }
  }));
