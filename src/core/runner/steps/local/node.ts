// `type: node` — inline `script` or a `file`, with `args`; interpreter from `with.interpreter`,
// the ansflow.nodePath setting (--node), or node on PATH.
import type { StepType } from '../../../contracts/StepType.js';
import type { RunnerStepContext } from '../../stepContext.js';
import { runScript, validateScript, type ScriptLanguage } from './scriptStep.js';
import { WithParams } from '../WithParams.js';

const node: ScriptLanguage = {
  candidates: ['node'],
  install: 'Node.js (https://nodejs.org or your package manager)',
  setting: 'ansflow.nodePath (CLI: --node)',
  loader: 'node',
  ext: '.js',
  inlineFlag: '-e',
  configured: (ctx) => ctx.interpreters?.node,
};

/** Runs JavaScript with Node.js. `with`: script | file, args?, interpreter?. */
export const nodeStepType: StepType = {
  type: 'node',
  // Values reach the script as JSON read from the environment, or escaped inside string literals.
  withValues: { script: 'node' },
  validate: validateScript,
  describe: (w) => `node ${WithParams.check(w).string('file') ?? '(inline script)'}`,
  run: (ctx) => runScript(node, ctx as RunnerStepContext),
};
