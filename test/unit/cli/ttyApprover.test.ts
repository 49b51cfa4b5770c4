// The approver `ansflow run` uses when stdin and stdout are a terminal, driven through a real
// pseudo-terminal: util-linux `script` runs the CLI on a pty and relays what we type, so readline,
// raw mode and Ctrl-C behave as for a user. Every wait is on the output, never on a clock.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isCI } from '../../ciMode.mjs';

const ROOT = resolve(__dirname, '../../..');
const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
const PROMPT = 'approve? [y/N] ';
const ENTER = '\r';
const CTRL_C = '\x03';

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
// `script` is in util-linux (bsdutils), on every Debian machine; under CI its absence is a failure.
const skip = hasScript || isCI() ? false : 'util-linux `script` is not installed: no pseudo-terminal to test on';

const GATES = `version: 1
name: gates
steps:
  first:
    type: approval
    with:
      message: Open the first gate?
  second:
    type: approval
    with:
      message: Open the second gate?
  ship:
    type: shell
    needs: [first, second]
    with:
      run: echo shipped
finally:
  tidy:
    type: shell
    with:
      run: echo tidied
`;

// Killing `script` closes the pty, which hangs up the CLI on it too; also after a timed-out test.
const started = new Set<ReturnType<typeof spawn>>();
after(() => {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** `ansflow run <file>` on a pty; `until` resolves when the screen output satisfies a condition. */
function runOnPty(dir: string, file: string) {
  const command = ['stty cols 120 rows 40;', 'exec', shq(process.execPath), '--import', shq(TSX), shq(MAIN), 'run', shq(file), '--store', 'store', '--no-color'].join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  started.add(child);
  let screen = '';
  const waiters: Array<() => void> = [];
  const onData = (d: Buffer) => {
    screen += d.toString();
    for (const w of [...waiters]) w();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return {
    screen: () => screen,
    type: (keys: string) => child.stdin.write(keys),
    exited,
    /** Resolves once `test(screen)` holds; rejects if the CLI exits first. */
    until(what: string, check: (screen: string) => boolean): Promise<void> {
      return new Promise((resolveWait, reject) => {
        const w = () => {
          if (!check(screen)) return;
          waiters.splice(waiters.indexOf(w), 1);
          resolveWait();
        };
        waiters.push(w);
        w();
        void exited.then(() => (waiters.includes(w) ? reject(new Error(`the CLI exited before ${what}:\n${screen}`)) : undefined));
      });
    },
    kill: () => child.kill('SIGKILL'),
  };
}

const prompts = (screen: string) => screen.split(PROMPT).length - 1;

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-tty-'));
  writeFileSync(join(dir, 'gates.ansflow.yaml'), GATES);
  return dir;
}

test('(unit) tty approver: parallel gates are asked one at a time; y approves, n rejects and the run fails', { skip, timeout: 60_000 }, async () => {
  const dir = workspace();
  const cli = runOnPty(dir, 'gates.ansflow.yaml');
  try {
    await cli.until('the first prompt', (s) => prompts(s) === 1);
    // Both gates wait at once, yet only one question is on the screen.
    await cli.until('both gates waiting', (s) => /first +│ ⏸ waiting for approval/.test(s) && /second +│ ⏸ waiting for approval/.test(s));
    assert.equal(prompts(cli.screen()), 1, cli.screen());
    const firstAsked = /⏸ (first|second): [^\n]*approve\? \[y\/N\] /.exec(cli.screen())?.[1];
    assert.ok(firstAsked, cli.screen());
    const other = firstAsked === 'first' ? 'second' : 'first';
    cli.type(`y${ENTER}`);
    // The second question may reach the screen before the first gate's log line (batched output).
    const approved = new RegExp(`${firstAsked} +│ approval approved`);
    await cli.until('the second prompt and the first gate approved', (s) => prompts(s) === 2 && approved.test(s));
    cli.type(`n${ENTER}`);
    assert.equal(await cli.exited, 1, cli.screen());
    assert.match(cli.screen(), new RegExp(`${other} +│ \\[ansflow\\] approval rejected: rejected at the prompt`));
    assert.match(cli.screen(), /ship +skipped/);
    assert.match(cli.screen(), /tidy +│ tidied/);
  } finally {
    cli.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('(unit) tty approver: approving every prompt runs the pipeline (exit 0)', { skip, timeout: 60_000 }, async () => {
  const dir = workspace();
  const cli = runOnPty(dir, 'gates.ansflow.yaml');
  try {
    await cli.until('the first prompt', (s) => prompts(s) === 1);
    cli.type(`yes${ENTER}`);
    await cli.until('the second prompt', (s) => prompts(s) === 2);
    cli.type(`Y${ENTER}`);
    assert.equal(await cli.exited, 0, cli.screen());
    assert.match(cli.screen(), /ship +│ shipped/);
  } finally {
    cli.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('(unit) tty approver: Ctrl-C at the prompt cancels the run (exit 130) and finally steps still run', { skip, timeout: 60_000 }, async () => {
  const dir = workspace();
  const cli = runOnPty(dir, 'gates.ansflow.yaml');
  try {
    await cli.until('the first prompt', (s) => prompts(s) === 1);
    cli.type(CTRL_C);
    assert.equal(await cli.exited, 130, cli.screen());
    assert.match(cli.screen(), /cancelling/);
    assert.match(cli.screen(), /tidy +│ tidied/);
    assert.equal(prompts(cli.screen()), 1, 'no further question after the cancel');
  } finally {
    cli.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
