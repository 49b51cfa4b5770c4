// Step type `ansible.adhoc`: one module (default `ping`) on a host pattern, e.g. a reachability check.
import { isAbsolute, resolve } from 'node:path';
import type { StepContext, StepOutcome, StepType } from '../../../contracts/StepType.js';
import { ToolError } from '../../../contracts/result.js';
import { getAdhocCommand } from '../../../clients/ansible/playbookCommand.js';
import { runToolCommand } from '../../../clients/ansible/runToolCommand.js';
import { WithParams } from './withParams.js';

async function run(ctx: StepContext): Promise<StepOutcome> {
  const w = new WithParams(ctx.with);
  const abs = (p: string): string => (isAbsolute(p) || p.includes(',') ? p : resolve(ctx.workspace, p));
  const cmd = getAdhocCommand({
    pattern: w.str('hosts') ?? w.str('pattern') ?? 'all',
    module: w.str('module') ?? 'ping',
    moduleArgs: w.str('args'),
    inventory: ((v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]))(w.get('inventory')).map(abs),
    limit: w.list('limit'),
    connection: w.str('connection'),
    become: w.bool('become'),
    becomeUser: w.str('becomeUser'),
    extraVars: w.obj('extraVars'),
    forks: w.num('forks'),
    cwd: ctx.cwd,
  });
  cmd.env = { ...ctx.env, ...cmd.env };
  try {
    const r = await runToolCommand(cmd, { signal: ctx.signal, onStderr: (t) => ctx.log('stderr', t) });
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
  validate: (w) => (new WithParams(w).str('hosts') ?? new WithParams(w).str('pattern') ? [] : [{ key: 'hosts', message: '`hosts` (a host pattern such as `web` or `all`) is required.' }]),
  run,
  describe: (w) => `ansible ${new WithParams(w).str('hosts') ?? 'all'} -m ${new WithParams(w).str('module') ?? 'ping'}`,
};
