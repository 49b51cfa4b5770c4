// An inline script holding a secret value travels to the interpreter through a private file, never
// on its command line: `ps` and /proc/<pid>/cmdline show every process's arguments to every user.
// The file is 0600 in the run's private temp folder (the folder of $ANSFLOW_OUTPUT, which container
// executors mount at the same path) and is removed when the step's process ends. A script with no
// secret in it goes on the command line (`bash -c`, `python -c`, `node -e`): writing, reading and
// removing a file per step was a tenth of a trivial step's cost.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { StepContext } from '../../../contracts/StepType.js';
import { maskKnownSecrets } from '../../masking/knownSecrets.js';
import { secretInScript } from '../../inject/secretInScript.js';

/** Longest script passed as an argument (Linux takes up to 128 KiB per argument). */
const INLINE_MAX_CHARS = 16 * 1024;

/**
 * Most bytes of environment plus inline script we pass to one exec. Linux refuses (E2BIG) an exec whose
 * argument and environment strings, with a pointer each, pass a quarter of the stack limit: 2 MiB
 * under the default 8 MiB `ulimit -s`, less under a smaller one. A large environment plus an inline
 * script must not fail a step the file form would run, so the inline form keeps well under that.
 */
const INLINE_EXEC_BUDGET = 512 * 1024;

/**
 * Bytes an exec spends on these environment entries (`key=value\0` and a pointer each), exact when
 * they may pass `limit`; else a lower bound, as it is then known to be under `limit`. A UTF-16 code
 * unit takes 1 to 3 UTF-8 bytes, so when three times the string lengths fit, the exact count (which
 * encodes every value, for every step) is not needed.
 */
function envBytes(env: Record<string, string>, limit: number): number {
  let units = 0;
  let count = 0;
  for (const k in env) {
    units += k.length + env[k]!.length;
    count++;
  }
  if (units * 3 + count * 10 <= limit) return units + count * 10;
  let n = 0;
  for (const k in env) n += Buffer.byteLength(k) + Buffer.byteLength(env[k]!) + 10;
  return n;
}

/** The environment variable naming the script file for the loaders below. */
export const SCRIPT_ENV = 'ANSFLOW_SCRIPT';

/** Small fixed loaders: the only code on the command line; each runs the file as the inline flag would. */
export const LOADERS = {
  // `.` keeps $0 and the positional parameters of `sh -c … sh args`.
  shell: `. "$${SCRIPT_ENV}"`,
  // Same globals, sys.argv ('-c', args…) and sys.path[0] ('') as `python -c`; tracebacks name "<string>".
  python: `exec(compile(open(__import__('os').environ.pop('${SCRIPT_ENV}'),'rb').read(),'<string>','exec'))`,
  // Same globals (require, module) and process.argv as `node -e`; stack traces name "[eval]".
  node: `require('vm').runInThisContext(require('fs').readFileSync(process.env.${SCRIPT_ENV},'utf8'),{filename:'[eval]'})`,
} as const;

/** True when the executor can read a file from the run folder (a pod cannot; its script goes in its own ConfigMap). */
export function canUseScriptFile(ctx: StepContext): boolean {
  return ctx.executor.kind !== 'kubernetes';
}

/**
 * Whether an inline script must go through {@link withScriptFile}: the executor can read the run
 * folder, and the script holds a secret value (plain, or any form the masker knows of the secrets
 * of this process's recent runs), is too long for one argument, would take the step's exec past
 * {@link INLINE_EXEC_BUDGET} with its environment, holds a NUL, or had a secret pasted into a
 * string literal (escaped, so not always in a form the masker knows).
 */
export function scriptNeedsFile(ctx: StepContext, text: string): boolean {
  if (!canUseScriptFile(ctx)) return false;
  if (text.length > INLINE_MAX_CHARS || text.includes('\0')) return true;
  if (secretInScript(ctx.with)) return true;
  if (envBytes(ctx.env, INLINE_EXEC_BUDGET - text.length * 3) + Buffer.byteLength(text) > INLINE_EXEC_BUDGET) return true;
  for (const value of Object.values(ctx.secrets)) if (value && text.includes(value)) return true;
  return maskKnownSecrets(text) !== text;
}

/** Writes `text` to a new 0600 file, runs `use(path)`, and removes the file afterwards. */
export async function withScriptFile<T>(ctx: StepContext, ext: string, text: string, use: (path: string) => Promise<T>): Promise<T> {
  const outputFile = ctx.env.ANSFLOW_OUTPUT;
  // Without a run folder (a step type called directly), a private folder of its own.
  const own = outputFile ? undefined : mkdtempSync(join(tmpdir(), 'ansflow-script-'));
  const dir = own ?? dirname(outputFile!);
  const path = join(dir, `script-${randomBytes(8).toString('hex')}${ext}`);
  writeFileSync(path, text, { mode: 0o600, flag: 'wx' });
  try {
    return await use(path);
  } finally {
    rmSync(own ?? path, { recursive: true, force: true });
  }
}
