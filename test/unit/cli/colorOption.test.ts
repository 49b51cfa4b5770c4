// `--color auto|always|never` and NO_COLOR: the decision table, then `ansflow run` honouring it
// end to end (a one-step shell pipeline, its output checked for ANSI colour codes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useColor } from '../../../src/cli/command/colorOption.js';
import { runCli } from '../../../src/cli/runCli.js';
import { memoryIO } from '../helpers/memoryIO.js';

const tty = { isTTY: true } as never;
const pipe = { isTTY: false } as never;

test('(unit) cli --color: auto colours a terminal unless NO_COLOR is set; always and never override; --no-color is never', () => {
  const rows: Array<[string, boolean, string | undefined, boolean, boolean]> = [
    // color, --no-color, NO_COLOR, stdout is a terminal, expected
    ['auto', false, undefined, true, true],
    ['auto', false, undefined, false, false],
    ['auto', false, '1', true, false],
    ['auto', false, '', true, true],
    ['always', false, '1', false, true],
    ['never', false, undefined, true, false],
    ['auto', true, undefined, true, false],
    ['always', true, undefined, true, false],
  ];
  for (const [color, noColor, env, isTty, expected] of rows) {
    const got = useColor({ color, 'no-color': noColor }, { env: env === undefined ? {} : { NO_COLOR: env }, stdout: isTty ? tty : pipe });
    assert.equal(got, expected, `--color ${color}${noColor ? ' --no-color' : ''} NO_COLOR=${env} tty=${isTty}`);
  }
  assert.deepEqual(useColor({ color: 'yes', 'no-color': false }, { env: {}, stdout: tty }), { exit: 2, errors: ["--color expects auto, always, never, got 'yes'"], hint: undefined });
});

test('(unit) cli --color: ansflow run colours its output with --color always (even under NO_COLOR), not with never or --no-color', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-color-'));
  try {
    writeFileSync(join(dir, 'p.ansflow.yaml'), 'version: 1\nsteps:\n  hello:\n    type: shell\n    with: { run: echo hi }\n');
    const ANSI = new RegExp(`${String.fromCharCode(27)}\\[\\d+m`);
    const run = async (flags: string[]) => {
      const io = memoryIO(dir, { ...process.env, NO_COLOR: '1' });
      const code = await runCli(['run', 'p.ansflow.yaml', '--store', join(dir, 'store'), ...flags], io);
      assert.equal(code, 0, io.err());
      return io.out();
    };
    assert.match(await run(['--color', 'always']), ANSI);
    assert.match(await run(['--color=always']), ANSI);
    assert.doesNotMatch(await run(['--color', 'never']), ANSI);
    assert.doesNotMatch(await run(['--no-color']), ANSI);
    assert.doesNotMatch(await run([]), ANSI, 'auto: not a terminal, and NO_COLOR is set');
    const bad = memoryIO(dir);
    assert.equal(await runCli(['run', 'p.ansflow.yaml', '--color', 'rainbow'], bad), 2);
    assert.equal(bad.err(), "ansflow: error: --color expects auto, always, never, got 'rainbow'\nhint: see 'ansflow run --help'\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
