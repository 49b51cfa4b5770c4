// Shared by the python and node step types: an inline `script` or a `file`, plus `args`, run by an
// interpreter from `with.interpreter`, the runner's settings, or PATH.
import { isAbsolute, resolve } from 'node:path';
import type { StepOutcome, StepParamProblem } from '../../../contracts/StepType.js';
import type { RunnerStepContext } from '../../stepContext.js';
import { requireInterpreter } from './interpreter.js';

/** How a script step type finds and calls its interpreter. */
export interface ScriptLanguage {
  candidates: string[];
  install: string;
  setting: string;
  /** Interpreter arguments that run inline code given as the next argument. */
  inlineFlag: string;
  configured(ctx: RunnerStepContext): string | undefined;
}

/** Checks that exactly one of `script` and `file` is given and `args` is a list. */
export function validateScript(w: Record<string, unknown>): StepParamProblem[] {
  const problems: StepParamProblem[] = [];
  if ((w.script === undefined) === (w.file === undefined)) problems.push({ message: 'give exactly one of `script` (inline code) or `file` (a path)' });
  if (w.args !== undefined && !Array.isArray(w.args)) problems.push({ key: 'args', message: 'must be a list' });
  return problems;
}

/** Runs a script step with the language's interpreter through the step's executor. */
export async function runScript(lang: ScriptLanguage, ctx: RunnerStepContext): Promise<StepOutcome> {
  const w = ctx.with;
  const explicit = (w.interpreter as string | undefined) ?? lang.configured(ctx);
  const interpreter = ctx.executor.kind === 'local' ? requireInterpreter(explicit ? [explicit] : lang.candidates, lang.install, lang.setting, ctx.env.PATH) : (explicit ?? lang.candidates[0]!);
  const args = ((w.args as unknown[] | undefined) ?? []).map(String);
  const head =
    w.script !== undefined
      ? [lang.inlineFlag, String(w.script)]
      : [isAbsolute(String(w.file)) ? String(w.file) : resolve(ctx.workspace, String(w.file))];
  const r = await ctx.executor.run({ command: interpreter, args: [...head, ...args], env: ctx.env, cwd: ctx.cwd }, ctx);
  return { exitCode: r.exitCode, ...(r.exitCode !== 0 ? { message: r.signal ? `killed by ${r.signal}` : `exited with code ${r.exitCode}` } : {}) };
}
