// Step type `ansible.playbook`: runs ansible-playbook with the ansflow_events callback, turning each
// event into a step-progress event (detail.ansible holds the event, with the task's file and line) and
// each failed task into a `file:line:` log line a problem matcher / diagnostics can pick up.
import { isAbsolute, resolve } from 'node:path';
import type { StepContext, StepOutcome, StepParamProblem, StepType } from '../../../contracts/StepType.js';
import { ToolError } from '../../../contracts/result.js';
import { formatAnsibleEvent, taskLocation, type AnsibleEvent } from '../../../clients/ansible/ansibleEvents.js';
import { resolveCallbackPluginDir } from '../../../clients/ansible/callbackPlugin.js';
import { getPlaybookCommand, getPlaybookArgs, type PlaybookOptions } from '../../../clients/ansible/playbookCommand.js';
import { EVENTS_FD, runPlaybook, withVaultPasswordFile } from '../../../clients/ansible/runPlaybook.js';
import { withUnsafeVarsFile } from '../../../clients/ansible/unsafeVarsFile.js';
import { evaluatorOf } from '../../values/index.js';
import { ANSIBLE_PLAYBOOK_RAW_KEYS, isWholeExpression, unsafeExtraVars } from './ansibleValues.js';
import { WithParams } from '../WithParams.js';
import type { RunnerStepContext } from '../../stepContext.js';

/** Builds PlaybookOptions from a step's `with` (paths resolved against the pipeline's folder). */
export function playbookOptionsFromWith(withParams: Record<string, unknown>, workspace: string, w = WithParams.check(withParams)): PlaybookOptions {
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(workspace, p));
  // An inline host list (`web1,web2,` or `localhost,`) is passed through; anything else is a path.
  const inventory = (w.list('inventory') ?? []).map((i) => (i.includes(',') ? i : abs(i)));
  const verbosity = w.number('verbosity', { integer: true, min: 0, max: 4 });
  const vaultPasswordFile = w.string('vaultPasswordFile');
  const privateKey = w.string('privateKey');
  return {
    playbook: abs(w.string('playbook') ?? ''),
    inventory,
    limit: w.list('limit', { commas: true }),
    tags: w.list('tags', { commas: true }),
    skipTags: w.list('skipTags', { commas: true }),
    // One `${{ }}` giving the whole map is substituted by the step (see ansibleValues.ts).
    extraVars: isWholeExpression(w.get('extraVars')) ? undefined : w.object('extraVars'),
    extraVarsFiles: w.list('extraVarsFiles', { commas: true })?.map(abs),
    check: w.bool('check'),
    diff: w.bool('diff'),
    vaultPasswordFile: vaultPasswordFile ? abs(vaultPasswordFile) : undefined,
    vaultIds: w.list('vaultIds', { commas: true }),
    become: w.bool('become'),
    becomeUser: w.string('becomeUser'),
    becomeMethod: w.string('becomeMethod'),
    connection: w.string('connection'),
    user: w.string('user'),
    privateKey: privateKey ? abs(privateKey) : undefined,
    forks: w.number('forks', { integer: true, min: 1 }),
    verbosity,
    startAtTask: w.string('startAtTask'),
    timeout: w.number('timeout', { integer: true, min: 0 }),
    ansiblePlaybook: w.string('ansiblePlaybook'),
  };
}

function validate(withParams: Record<string, unknown>): StepParamProblem[] {
  const w = WithParams.check(withParams);
  const problems: StepParamProblem[] = [];
  if (!w.string('playbook')) problems.push({ key: 'playbook', message: '`playbook` is required (path of the playbook, relative to the pipeline file).' });
  if (w.get('vaultPasswordSecret') !== undefined && w.get('vaultPasswordFile') !== undefined)
    problems.push({ key: 'vaultPasswordSecret', message: 'Use either `vaultPasswordSecret` or `vaultPasswordFile`, not both.' });
  // Reading the options checks every key's type.
  playbookOptionsFromWith(withParams, '.', w);
  return [...problems, ...w.problems];
}

async function runPlaybookStep(ctx: StepContext, forceCheck: boolean): Promise<StepOutcome> {
  const problems = validate(ctx.with);
  if (problems.length) return { exitCode: 2, message: problems.map((p) => p.message).join(' ') };
  const w = WithParams.of(ctx);
  const options = playbookOptionsFromWith(ctx.with, ctx.workspace, w);
  if (forceCheck) options.check = true;
  // `extraVars` is raw: values from expressions go to a 0600 file tagged `!unsafe` (see ansibleValues.ts).
  const evaluate = evaluatorOf(ctx, 'extraVars');
  const vars = evaluate ? unsafeExtraVars(w.get('extraVars'), evaluate) : undefined;
  if (vars) options.extraVars = undefined;
  const callbackDir = resolveCallbackPluginDir(ctx.env);
  if (!callbackDir) ctx.log('system', 'ansflow_events.py callback plugin not found: running without per-task progress.\n');
  const secretName = w.string('vaultPasswordSecret');
  const vaultPassword = secretName !== undefined ? ctx.secrets[secretName] : undefined;
  // An optional secret that is not set: run without a vault password (ansible says so if one is needed).
  if (secretName !== undefined && vaultPassword === undefined) ctx.log('system', `Secret '${secretName}' is not set: running without a vault password.\n`);

  const go = async (vaultFile?: string, varsFile?: string): Promise<StepOutcome> => {
    const extraVarsFiles = varsFile ? [varsFile, ...(options.extraVarsFiles ?? [])] : options.extraVarsFiles;
    const cmd = getPlaybookCommand({ ...options, extraVarsFiles, vaultPasswordFile: vaultFile ?? options.vaultPasswordFile, callbackDir, eventsFd: callbackDir ? EVENTS_FD : undefined, baseEnv: ctx.env, cwd: ctx.cwd });
    cmd.env = { ...ctx.env, ...cmd.env };
    const onEvent = (ev: AnsibleEvent): void => {
      ctx.progress(formatAnsibleEvent(ev), undefined, { ansible: ev });
      if ((ev.event === 'host_failed' && !ev.ignored) || ev.event === 'host_unreachable') {
        // Not in `file:line: error:` form: the ansible problem matcher already reports this failure
        // from stdout, and a second, gcc-style line would duplicate it. The exact location travels in
        // the step-progress detail (detail.ansible.file / .line).
        const loc = taskLocation(ev);
        ctx.log('system', `error: ${formatAnsibleEvent(ev)}${loc ? ` (at ${loc})` : ''}\n`);
      }
    };
    const result = await runPlaybook(cmd, { onEvent, onStdout: (t) => ctx.log('stdout', t), onStderr: (t) => ctx.log('stderr', t), signal: ctx.signal, forceSignal: (ctx as RunnerStepContext).forceSignal });
    const t = result.tally;
    const outputs: Record<string, string> = { changed: String(t.changed > 0), failedHosts: [...new Set(t.failures.map((f) => f.host))].join(',') };
    if (t.stats) outputs.stats = JSON.stringify(t.stats);
    if (result.exitCode === 0) return { exitCode: 0, outputs };
    const first = t.failures[0];
    const where = first && first.file ? ` at ${first.file}${first.line ? ':' + first.line : ''}` : '';
    const message = first ? `Task '${first.task}' failed on ${first.host}${where}: ${first.message}` : `ansible-playbook ended with exit code ${result.exitCode} (${result.status})`;
    return { exitCode: result.exitCode, outputs, message };
  };
  try {
    const withVault = (varsFile?: string) => (vaultPassword !== undefined ? withVaultPasswordFile(vaultPassword, (f) => go(f, varsFile)) : go(undefined, varsFile));
    return vars && Object.keys(vars).length ? await withUnsafeVarsFile(vars, withVault) : await withVault();
  } catch (e) {
    if (e instanceof ToolError) return { exitCode: 127, message: `${e.message}. ${e.hint ?? ''}`.trim() };
    throw e;
  }
}

/** `ansible.playbook`: run a playbook (inventory, limit, tags, extra vars, check/diff, vault, become). */
export const ansiblePlaybookStep: StepType = {
  type: 'ansible.playbook',
  withValues: ANSIBLE_PLAYBOOK_RAW_KEYS,
  validate,
  run: (ctx) => runPlaybookStep(ctx, false),
  dryRun: (ctx) => runPlaybookStep(ctx, true),
  describe(withParams) {
    // Extra vars travel in a temporary file (values unevaluated here), so plans show that file.
    const o = playbookOptionsFromWith(withParams, '.');
    if (WithParams.check(withParams).get('extraVars') !== undefined) o.extraVarsFiles = ['<extraVars>', ...(o.extraVarsFiles ?? [])];
    o.extraVars = undefined;
    const args = getPlaybookArgs(o);
    return ['ansible-playbook', ...args.map((a) => a.replace(/^(@?)\/.*\//, '$1'))].join(' ');
  },
};
