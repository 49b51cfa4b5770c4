// `type: shell` — runs `run` (a script) with bash (or `shell`, or the pipeline/settings default),
// with `set -e`-style strictness for bash and sh unless `strict: false`.
import type { StepType } from '../../../contracts/StepType.js';
import type { RunnerStepContext } from '../../stepContext.js';
import { requireInterpreter, which } from './interpreter.js';
import { outcomeOfProcess } from './processOutcome.js';
import { isPosixShell } from '../../inject/index.js';
import { LOADERS, SCRIPT_ENV, scriptNeedsFile, withScriptFile } from './scriptFile.js';
import { WithParams } from '../WithParams.js';

function scriptOf(with_: Record<string, unknown>): string | undefined {
  const w = WithParams.check(with_);
  return w.string('run') ?? w.string('script') ?? w.string('command');
}

// Words that only mean something inside a shell, so a command starting with one needs the shell.
const SHELL_ONLY = new Set(['cd', 'export', 'exit', 'set', 'unset', 'source', '.', 'alias', 'eval', 'exec', 'ulimit', 'umask', 'read', 'shift', 'trap', 'wait', 'return', 'local', 'declare', 'typeset', 'readonly', 'let', 'if', 'for', 'while', 'until', 'case', 'function', 'builtin', 'command', 'hash', 'type', 'times', 'getopts', 'pushd', 'popd', 'dirs', 'history', 'jobs', 'fg', 'bg', 'disown', 'suspend', 'shopt', 'enable', 'ulimit', 'logout', 'mapfile', 'readarray', 'compgen', 'complete', 'caller', '[[', '{', '!']);

/** The argv of a script that is one plain command (no quotes, variables, globs, operators), else undefined. */
export function simpleCommand(script: string): string[] | undefined {
  const line = script.trim();
  if (!line || /[\n'"`$\\*?[\]{}()<>|&;~#=%!]/.test(line)) return undefined;
  const argv = line.split(/[ \t]+/);
  return SHELL_ONLY.has(argv[0]!) ? undefined : argv;
}

/** Runs a shell script. `with`: run (or script), shell?, strict? (default true), args?. */
export const shellStepType: StepType = {
  type: 'shell',
  // Values reach the script as quoted variable references, never as pasted text.
  withValues: { run: 'shell', script: 'shell', command: 'shell' },
  validate(with_) {
    const w = WithParams.check(with_);
    // Read to check the types; the values are used by run.
    w.string('shell');
    w.bool('strict');
    w.bool('direct');
    w.list('args');
    return scriptOf(with_) === undefined ? [{ key: 'run', message: 'a shell step needs `run` (the script to run)' }, ...w.problems] : w.problems;
  },
  describe(w) {
    const first = (scriptOf(w) ?? '').split('\n').find((l) => l.trim()) ?? '';
    return first.length > 60 ? `${first.slice(0, 57)}…` : first;
  },
  async run(context) {
    const ctx = context as RunnerStepContext;
    const w = WithParams.of(ctx);
    const wanted = w.string('shell') ?? ctx.interpreters?.shell;
    const shell = wanted
      ? requireInterpreter([wanted], wanted, 'the step\'s `shell`, defaults.shell or ansflow.shell', ctx.env.PATH)
      : ctx.executor.kind !== 'local'
        ? 'sh'
        : (which('bash', ctx.env.PATH) ?? requireInterpreter(['sh'], 'a POSIX shell (bash or sh)', 'ansflow.shell', ctx.env.PATH));
    const source = scriptOf(ctx.with)!;
    const extraArgs = w.list('args');
    // Like make: a one-line command with no shell syntax is executed directly, without a shell.
    const direct = !wanted && w.bool('direct', true) && extraArgs === undefined ? simpleCommand(source) : undefined;
    if (direct && which(direct[0]!, ctx.env.PATH)) {
      const r = await ctx.executor.run({ command: direct[0]!, args: direct.slice(1), env: ctx.env, cwd: ctx.cwd }, ctx);
      return outcomeOfProcess(r);
    }
    const strict = w.bool('strict', true) && /(^|\/)(ba|da|z)?sh$/.test(shell);
    const script = strict ? `set -e${/bash$/.test(shell) ? ' -o pipefail' : ''}\n${source}` : source;
    const args = extraArgs ?? [];
    // The `.` loader is POSIX; other shells (pwsh, fish) still get the script inline.
    const r = isPosixShell(shell) && scriptNeedsFile(ctx, script)
      ? await withScriptFile(ctx, '.sh', script, (path) => ctx.executor.run({ command: shell, args: ['-c', LOADERS.shell, shell, ...args], env: { ...ctx.env, [SCRIPT_ENV]: path }, cwd: ctx.cwd }, ctx))
      : await ctx.executor.run({ command: shell, args: ['-c', script, shell, ...args], env: ctx.env, cwd: ctx.cwd }, ctx);
    return outcomeOfProcess(r);
  },
};
