import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvFileSecretProvider, runPipeline } from '../../../../src/core/runner/index.js';
import { pipeline, sh, step } from './helpers/pipelines.js';

const R = { start: 0, end: 0 };

function hostile(marker: string): string {
  // Breaks out of every quoting a pasted value could land in: shell unquoted/"…"/'…', Python and
  // JavaScript string literals, f-strings, template literals, and plain code positions.
  return [
    `$(touch ${marker}) \`touch ${marker}\` '; touch ${marker}; ' "; touch ${marker}; "`,
    `"; import os; os.system('touch ${marker}') #`,
    `'''; __import__('os').system('touch ${marker}') #`,
    `{__import__('os').system('touch ${marker}')}`,
    `\${require('fs').writeFileSync('${marker}', '')} \\'); require('fs').writeFileSync('${marker}', ''); //`,
    '`; require("fs").writeFileSync("' + marker + '", ""); `',
  ].join('\n');
}

const heredocOut = (name: string) => `'${name}<<AF_END\\n%s\\nAF_END\\n'`;

test('(unit) runner: a hostile param reaches shell, python and node scripts literally and never runs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-inject-'));
  const marker = join(dir, 'pwned');
  const value = hostile(marker);
  const shellScript = [
    `printf ${heredocOut('unquoted')} \${{ params.v }} >> "$ANSFLOW_OUTPUT"`,
    `printf ${heredocOut('double')} "pre \${{ params.v }} post" >> "$ANSFLOW_OUTPUT"`,
    `printf ${heredocOut('single')} 'pre \${{ params.v }} post' >> "$ANSFLOW_OUTPUT"`,
    'cat >> "$ANSFLOW_OUTPUT" <<EOF',
    'heredoc<<AF_END',
    '${{ params.v }}',
    'AF_END',
    'EOF',
  ].join('\n');
  const py = [
    'import os',
    'vals = [("py_double", "${{ params.v }}"), ("py_single", \'${{ params.v }}\'), ("py_triple", """${{ params.v }}"""),',
    '        ("py_f", f"{1}${{ params.v }}"), ("py_code", ${{ params.v }})]',
    'with open(os.environ["ANSFLOW_OUTPUT"], "a") as f:',
    '    for n, v in vals: f.write(f"{n}<<AF_END\\n{v}\\nAF_END\\n")',
  ].join('\n');
  const js = [
    'const vals = [["js_single", \'${{ params.v }}\'], ["js_double", "${{ params.v }}"], ["js_template", `${1}${{ params.v }}`], ["js_code", ${{ params.v }}]];',
    'for (const [n, v] of vals) require("fs").appendFileSync(process.env.ANSFLOW_OUTPUT, `${n}<<AF_END\\n${v}\\nAF_END\\n`);',
  ].join('\n');
  const p = pipeline([sh('sh', shellScript), step('py', { type: 'python', with: { script: py } }), step('js', { type: 'node', with: { script: js } })]);
  const h = runPipeline(p, { workspace: dir, params: { v: value }, logBatchMs: 5 });
  const summary = await h.done;
  assert.equal(summary.status, 'success', JSON.stringify(summary.steps.map((s) => [s.step, s.status, s.reason])));
  assert.ok(!existsSync(marker), 'the value ran as code');
  const out = Object.fromEntries(summary.steps.map((s) => [s.step, s.outputs]));
  assert.deepEqual(out.sh, { unquoted: value, double: `pre ${value} post`, single: `pre ${value} post`, heredoc: value });
  assert.deepEqual(out.py, { py_double: value, py_single: value, py_triple: value, py_f: `1${value}`, py_code: value });
  assert.deepEqual(out.js, { js_single: value, js_double: value, js_template: `1${value}`, js_code: value });
});

test('(unit) runner: a value where no safe substitution exists fails the step with a move-to-env message, running nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-inject-'));
  const marker = join(dir, 'ran');
  const p = pipeline([sh('q', `touch ${marker}\nsh -c "echo \${{ params.v }}"`)]);
  const summary = await runPipeline(p, { workspace: dir, params: { v: 'x' }, logBatchMs: 5 }).done;
  const s = summary.steps.find((x) => x.step === 'q')!;
  assert.equal(s.status, 'failed');
  assert.match(s.reason ?? '', /with\.run: .*sh -c.*env:/);
  assert.ok(!existsSync(marker));
});

test('(unit) runner: matrix values as a command word and a one-word join keep working', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-inject-'));
  const p = pipeline([sh('m', 'echo "r=$(${{ matrix.tool }} "${{ matrix.a }}":"${{ matrix.b }}")" >> "$ANSFLOW_OUTPUT"', { matrix: { axes: { tool: ['echo'], a: ['x y'], b: ['z'] }, include: [], exclude: [] } as never })]);
  const summary = await runPipeline(p, { workspace: dir, logBatchMs: 5 }).done;
  assert.equal(summary.status, 'success', JSON.stringify(summary.steps.map((s) => s.reason)));
  assert.equal(summary.steps[0]!.outputs.r, 'x y:z');
});

function commandLines(): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      out.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
    } catch {
      // gone
    }
  }
  return out;
}

test('(unit) runner: inline scripts holding a secret never appear on a command line (/proc/<pid>/cmdline)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-inject-'));
  const secret = `tok-${process.pid}-${Date.now()}-s3cr3t`;
  const p = pipeline(
    [
      step('py', { type: 'python', with: { script: 'import time\nt = "${{ secrets.tok }}"\ntime.sleep(1.5)' } }),
      step('js', { type: 'node', with: { script: 'const t = "${{ secrets.tok }}";\nsetTimeout(() => {}, 1500);' } }),
      sh('sh', 't=\'${{ secrets.tok }}\'\nsleep 1.5; echo done'),
    ],
    { secrets: [{ name: 'tok', source: { kind: 'env', variable: 'S_TOK' }, required: true, range: R, nameRange: R }] },
  );
  const h = runPipeline(p, { workspace: dir, logBatchMs: 5, secrets: new EnvFileSecretProvider({ env: { S_TOK: secret }, baseDir: dir }) });
  let seen = 0;
  let running = true;
  const done = h.done.finally(() => (running = false));
  while (running) {
    const lines = commandLines();
    seen = Math.max(seen, lines.filter((l) => l.includes('ANSFLOW_SCRIPT') || l.includes('sleep')).length);
    for (const l of lines) assert.ok(!l.includes(secret), `secret on a command line: ${l.replace(/\0/g, ' ').slice(0, 200)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const summary = await done;
  assert.equal(summary.status, 'success', JSON.stringify(summary.steps.map((s) => s.reason)));
  assert.ok(seen > 0, 'the steps were observed running');
});

test('(unit) runner: a ${{ }} in a script for a shell whose quoting is unknown (pwsh, fish) is refused, not pasted', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-inject-'));
  const p = pipeline([sh('p', 'echo ${{ params.v }}', { with: { shell: 'pwsh' } })]);
  const summary = await runPipeline(p, { workspace: dir, params: { v: 'x' }, logBatchMs: 5 }).done;
  assert.equal(summary.steps[0]!.status, 'failed');
  assert.match(summary.steps[0]!.reason ?? '', /only into POSIX shell scripts.*pwsh.*env:/);
});

test('(unit) runner: a value over the environment limit reaches shell and python through a private file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-inject-'));
  const big = `${'$(touch x) '.repeat(20_000)}end`;
  const p = pipeline([
    sh('s', 'printf %s "${{ params.big }}" | wc -c > "$ANSFLOW_WORKSPACE/sh.len"\nls -l "$AF_0_FILE" | cut -c1-10 > "$ANSFLOW_WORKSPACE/sh.mode"'),
    step('py', { type: 'python', with: { script: 'import os\nopen(os.path.join(os.environ["ANSFLOW_WORKSPACE"], "py.len"), "w").write(str(len(${{ params.big }})))' } }),
  ]);
  const summary = await runPipeline(p, { workspace: dir, params: { big }, logBatchMs: 5 }).done;
  assert.equal(summary.status, 'success', JSON.stringify(summary.steps.map((s) => s.reason)));
  assert.equal(readFileSync(join(dir, 'sh.len'), 'utf8').trim(), String(big.length));
  assert.equal(readFileSync(join(dir, 'sh.mode'), 'utf8').trim(), '-rw-------');
  assert.equal(readFileSync(join(dir, 'py.len'), 'utf8'), String(big.length));
  assert.ok(!existsSync(join(dir, 'x')));
});
