// Shared by the python and node step types: an inline `script` or a `file`, plus `args`, run by an
// interpreter from `with.interpreter`, the runner's settings, or PATH.
import { isAbsolute, resolve } from 'node:path';
import type { StepOutcome, StepParamProblem } from '../../../contracts/StepType.js';
import type { RunnerStepContext } from '../../stepContext.js';
import { requireInterpreter } from './interpreter.js';
import { outcomeOfProcess } from './processOutcome.js';
import { LOADERS, SCRIPT_ENV, scriptNeedsFile, withScriptFile } from './scriptFile.js';
import { WithParams } from '../WithParams.js';

/** How a script step type finds and calls its interpreter. */
export interface ScriptLanguage {
  candidates: string[];
  install: string;
  setting: string;
  /** Interpreter arguments that run inline code given as the next argument. */
  inlineFlag: string;
  /** Which loader reads an inline script from its private file (see scriptFile.ts). */
  loader: 'python' | 'node';
  /** Extension of that file. */
  ext: string;
  configured(ctx: RunnerStepContext): string | undefined;
}

/** Checks that exactly one of `script` and `file` is given and `args` is a list. */
export function validateScript(w: Record<string, unknown>): StepParamProblem[] {
  const problems: StepParamProblem[] = [];
  if ((w.script === undefined) === (w.file === undefined)) problems.push({ message: 'give exactly one of `script` (inline code) or `file` (a path)' });
  if (w.args !== undefined && !Array.isArray(w.args)) problems.push({ key: 'args', message: 'must be a list' });
  const r = WithParams.check(w);
  r.string('script');
  r.string('file');
  r.string('interpreter');
  r.list('args');
  return [...problems, ...r.problems];
}

/** Runs a script step with the language's interpreter through the step's executor. */
export async function runScript(lang: ScriptLanguage, ctx: RunnerStepContext): Promise<StepOutcome> {
  const w = WithParams.of(ctx);
  const explicit = w.string('interpreter') ?? lang.configured(ctx);
  const interpreter = ctx.executor.kind === 'local' ? requireInterpreter(explicit ? [explicit] : lang.candidates, lang.install, lang.setting, ctx.env.PATH) : (explicit ?? lang.candidates[0]!);
  const args = w.list('args') ?? [];
  const run = (head: string[], env: Record<string, string>) => ctx.executor.run({ command: interpreter, args: [...head, ...args], env, cwd: ctx.cwd }, ctx);
  const script = w.get('script') === undefined ? undefined : (w.string('script') ?? '');
  const file = w.string('file') ?? '';
  const r =
    script === undefined
      ? await run([isAbsolute(file) ? file : resolve(ctx.workspace, file)], ctx.env)
      : scriptNeedsFile(ctx, script)
        ? await withScriptFile(ctx, lang.ext, script, (path) => run([lang.inlineFlag, LOADERS[lang.loader]], { ...ctx.env, [SCRIPT_ENV]: path }))
        : await run([lang.inlineFlag, script], ctx.env);
  return outcomeOfProcess(r);
}
