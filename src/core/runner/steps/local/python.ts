// `type: python` — inline `script` or a `file`, with `args`; interpreter from `with.interpreter`,
// the ansflow.pythonPath setting (--python), or python3/python on PATH.
import type { StepType } from '../../../contracts/StepType.js';
import type { RunnerStepContext } from '../../stepContext.js';
import { runScript, validateScript, type ScriptLanguage } from './scriptStep.js';
import { WithParams } from '../WithParams.js';

const python: ScriptLanguage = {
  candidates: ['python3', 'python'],
  install: 'Python 3 (e.g. `apt-get install python3`)',
  setting: 'ansflow.pythonPath (CLI: --python)',
  loader: 'python',
  ext: '.py',
  inlineFlag: '-c',
  configured: (ctx) => ctx.interpreters?.python,
};

/** Runs Python code. `with`: script | file, args?, interpreter?. */
export const pythonStepType: StepType = {
  type: 'python',
  // Values reach the script as JSON read from the environment, or escaped inside string literals.
  withValues: { script: 'python' },
  validate: validateScript,
  describe: (w) => `python ${WithParams.check(w).string('file') ?? '(inline script)'}`,
  run: (ctx) => runScript(python, ctx as RunnerStepContext),
};
