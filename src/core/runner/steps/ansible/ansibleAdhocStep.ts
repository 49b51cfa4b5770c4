// Step type `ansible.adhoc`: one module (default `ping`) on a host pattern, e.g. a reachability check.
import { isAbsolute, resolve } from 'node:path';
import type { StepContext, StepOutcome, StepType, ToolCommand } from '../../../contracts/StepType.js';
import { ToolError } from '../../../contracts/result.js';
import { getAdhocCommand, type AdhocResult } from '../../../clients/ansible/playbookCommand.js';
import { runToolCommand } from '../../../clients/ansible/runToolCommand.js';
import { withUnsafeVarsFile } from '../../../clients/ansible/unsafeVarsFile.js';
import { evaluatorOf } from '../../values/index.js';
import { ANSIBLE_ADHOC_RAW_KEYS, adhocArgsWithValues, isWholeExpression, unsafeExtraVars } from './ansibleValues.js';
import { WithParams } from '../WithParams.js';
import type { RunnerStepContext } from '../../stepContext.js';

async function run(ctx: StepContext): Promise<StepOutcome> {
  const w = WithParams.of(ctx);
  const abs = (p: string): string => (isAbsolute(p) || p.includes(',') ? p : resolve(ctx.workspace, p));
  const module = w.string('module') ?? 'ping';
  // `args` and `extraVars` are raw: values travel as `!unsafe` extra vars in a 0600 file, and `args`
  // only refers to them, so a value can neither add `key=value` pairs nor be templated by Ansible.
  const evaluate = evaluatorOf(ctx, 'args');
  let moduleArgs = w.string('args');
  let vars: Record<string, unknown> | undefined;
  if (evaluate) {
    vars = unsafeExtraVars(w.get('extraVars'), evaluatorOf(ctx, 'extraVars')!);
    if (moduleArgs) {
      const a = adhocArgsWithValues(moduleArgs, module, evaluate);
      moduleArgs = a.text;
      Object.assign(vars, a.vars);
    }
  }
  const command = (varsFile?: string): ToolCommand<AdhocResult> => {
    const cmd = getAdhocCommand({
      pattern: w.string('hosts') ?? w.string('pattern') ?? 'all',
      module,
      moduleArgs,
      inventory: (w.list('inventory') ?? []).map(abs),
      limit: w.list('limit', { commas: true }),
      connection: w.string('connection'),
      become: w.bool('become'),
      becomeUser: w.string('becomeUser'),
      extraVars: vars ? undefined : w.object('extraVars'),
      extraVarsFiles: varsFile ? [varsFile] : undefined,
      forks: w.number('forks', { integer: true, min: 1 }),
      cwd: ctx.cwd,
    });
    cmd.env = { ...ctx.env, ...cmd.env };
    return cmd;
  };
  const go = (varsFile?: string) => runToolCommand(command(varsFile), { signal: ctx.signal, forceSignal: (ctx as RunnerStepContext).forceSignal, onStderr: (t) => ctx.log('stderr', t) });
  try {
    const r = vars && Object.keys(vars).length ? await withUnsafeVarsFile(vars, go) : await go();
    const bad: string[] = [];
    for (const [host, res] of Object.entries(r.hosts)) {
      // The useful text differs per module: stdout for command/shell, `ping` for ping, `msg` otherwise.
      const text = [res.result.stdout, res.result.msg, res.result.ping].find((v): v is string => typeof v === 'string' && v.trim() !== '');
      const msg = text ? ` — ${text.trim()}` : '';
      ctx.log('stdout', `${res.status}: [${host}]${msg}\n`);
      ctx.progress(`${res.status}: [${host}]`, undefined, { ansible: { host, status: res.status } });
      if (res.status === 'failed' || res.status === 'unreachable') bad.push(host);
    }
    return {
      exitCode: r.exitCode,
      outputs: { hosts: Object.keys(r.hosts).join(','), failedHosts: bad.join(',') },
      message: r.exitCode ? `${bad.length} host(s) failed: ${bad.join(', ')}` : undefined,
    };
  } catch (e) {
    if (e instanceof ToolError) return { exitCode: 127, message: `${e.message}. ${e.hint ?? ''}`.trim() };
    throw e;
  }
}

/** `ansible.adhoc`: run one module on a group or host (`ansible PATTERN -m MODULE -a ARGS`). */
export const ansibleAdhocStep: StepType = {
  type: 'ansible.adhoc',
  withValues: ANSIBLE_ADHOC_RAW_KEYS,
  validate(withParams) {
    const w = WithParams.check(withParams);
    const problems = w.string('hosts') ?? w.string('pattern') ? [] : [{ key: 'hosts', message: '`hosts` (a host pattern such as `web` or `all`) is required.' }];
    for (const k of ['module', 'args', 'connection', 'becomeUser']) w.string(k);
    w.list('inventory');
    w.list('limit', { commas: true });
    w.bool('become');
    w.number('forks', { integer: true, min: 1 });
    if (!isWholeExpression(w.get('extraVars'))) w.object('extraVars');
    return [...problems, ...w.problems];
  },
  run,
  describe(withParams) {
    const w = WithParams.check(withParams);
    return `ansible ${w.string('hosts') ?? 'all'} -m ${w.string('module') ?? 'ping'}`;
  },
};
