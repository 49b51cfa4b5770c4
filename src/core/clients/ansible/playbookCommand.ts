// `ansible-playbook` and ad-hoc `ansible` invocations described as data (ToolCommand): building is
// pure and unit-tested; runPlaybook.ts / runToolCommand.ts run them.
import { ToolError } from '../../contracts/result.js';
import type { ToolCommand } from '../../contracts/StepType.js';
import { CALLBACK_PLUGIN_NAME } from './callbackPlugin.js';

/** What a playbook run needs; relative paths are the caller's business (steps resolve them first). */
export interface PlaybookOptions {
  playbook: string;
  inventory?: string | string[];
  limit?: string | string[];
  tags?: string[];
  skipTags?: string[];
  extraVars?: Record<string, unknown>;
  /** Files passed as `-e @file`. */
  extraVarsFiles?: string[];
  check?: boolean;
  diff?: boolean;
  /** A password file or an executable script printing the password. */
  vaultPasswordFile?: string;
  vaultIds?: string[];
  become?: boolean;
  becomeUser?: string;
  becomeMethod?: string;
  connection?: string;
  user?: string;
  privateKey?: string;
  forks?: number;
  /** 0–4, the number of `-v`. */
  verbosity?: number;
  startAtTask?: string;
  /** Connection timeout in seconds. */
  timeout?: number;
  /** Folder of ansflow_events.py; adds it to ANSIBLE_CALLBACK_PLUGINS and enables it. */
  callbackDir?: string;
  /** Event channel: a file descriptor inherited by ansible-playbook, or a file path. */
  eventsFd?: number;
  eventsFile?: string;
  /** Base environment whose ANSIBLE_CALLBACK_PLUGINS / ANSIBLE_CALLBACKS_ENABLED are extended, not replaced. */
  baseEnv?: Record<string, string | undefined>;
  ansiblePlaybook?: string;
  cwd?: string;
}

/** How a playbook run ended, from ansible-playbook's documented exit codes. */
export interface PlaybookExit {
  exitCode: number;
  status: 'ok' | 'error' | 'host-failed' | 'host-unreachable' | 'parser-error' | 'bad-options' | 'interrupted' | 'unexpected';
}

const EXIT_STATUS: Record<number, PlaybookExit['status']> = { 0: 'ok', 1: 'error', 2: 'host-failed', 3: 'host-unreachable', 4: 'parser-error', 5: 'bad-options', 99: 'interrupted' };

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Arguments shared by `ansible-playbook` and `ansible`. */
function getCommonArgs(o: Omit<PlaybookOptions, 'playbook'>): string[] {
  const a: string[] = [];
  for (const i of list(o.inventory)) a.push('-i', i);
  const limit = list(o.limit);
  if (limit.length) a.push('--limit', limit.join(','));
  if (o.extraVars && Object.keys(o.extraVars).length) a.push('--extra-vars', JSON.stringify(o.extraVars));
  for (const f of o.extraVarsFiles ?? []) a.push('--extra-vars', `@${f}`);
  if (o.check) a.push('--check');
  if (o.diff) a.push('--diff');
  if (o.vaultPasswordFile) a.push('--vault-password-file', o.vaultPasswordFile);
  for (const id of o.vaultIds ?? []) a.push('--vault-id', id);
  if (o.become) a.push('--become');
  if (o.becomeUser) a.push('--become-user', o.becomeUser);
  if (o.becomeMethod) a.push('--become-method', o.becomeMethod);
  if (o.connection) a.push('--connection', o.connection);
  if (o.user) a.push('--user', o.user);
  if (o.privateKey) a.push('--private-key', o.privateKey);
  if (o.forks !== undefined) a.push('--forks', String(o.forks));
  if (o.timeout !== undefined) a.push('--timeout', String(o.timeout));
  if (o.verbosity) a.push('-' + 'v'.repeat(Math.min(4, Math.max(1, Math.trunc(o.verbosity)))));
  return a;
}

/** The `ansible-playbook` argument list for `o` (the playbook path comes last). */
export function getPlaybookArgs(o: PlaybookOptions): string[] {
  const a = getCommonArgs(o);
  if (o.tags?.length) a.push('--tags', o.tags.join(','));
  if (o.skipTags?.length) a.push('--skip-tags', o.skipTags.join(','));
  if (o.startAtTask) a.push('--start-at-task', o.startAtTask);
  a.push(o.playbook);
  return a;
}

const appendPath = (existing: string | undefined, add: string): string => (existing ? `${add}:${existing}` : add);
const appendList = (existing: string | undefined, add: string): string =>
  existing && !existing.split(',').map((s) => s.trim()).includes(add) ? `${existing},${add}` : existing || add;

/** Environment for a playbook run: plain output, the events callback enabled beside the normal stdout callback. */
export function getPlaybookEnv(o: Pick<PlaybookOptions, 'callbackDir' | 'eventsFd' | 'eventsFile' | 'baseEnv'>): Record<string, string> {
  const base = o.baseEnv ?? {};
  const env: Record<string, string> = {
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_FORCE_COLOR: '0',
    ANSIBLE_RETRY_FILES_ENABLED: 'False',
    PYTHONUNBUFFERED: '1',
  };
  if (o.callbackDir) {
    env.ANSIBLE_CALLBACK_PLUGINS = appendPath(base.ANSIBLE_CALLBACK_PLUGINS, o.callbackDir);
    env.ANSIBLE_CALLBACKS_ENABLED = appendList(base.ANSIBLE_CALLBACKS_ENABLED, CALLBACK_PLUGIN_NAME);
  }
  if (o.eventsFd !== undefined) env.ANSFLOW_EVENTS_FD = String(o.eventsFd);
  if (o.eventsFile) env.ANSFLOW_EVENTS_FILE = o.eventsFile;
  return env;
}

/** `ansible-playbook …` as data; `parse` maps the exit code (details come from the event stream). */
export function getPlaybookCommand(o: PlaybookOptions): ToolCommand<PlaybookExit> {
  return {
    command: o.ansiblePlaybook ?? 'ansible-playbook',
    args: getPlaybookArgs(o),
    env: getPlaybookEnv(o),
    cwd: o.cwd,
    parse: (_stdout, _stderr, exitCode) => ({ exitCode, status: EXIT_STATUS[exitCode] ?? 'unexpected' }),
  };
}

/** An ad-hoc module run (`ansible PATTERN -m MODULE -a ARGS`). */
export interface AdhocOptions extends Omit<PlaybookOptions, 'playbook' | 'tags' | 'skipTags' | 'startAtTask' | 'callbackDir' | 'eventsFd' | 'eventsFile'> {
  pattern: string;
  module?: string;
  moduleArgs?: string;
  ansible?: string;
}

/** One host's result of an ad-hoc run. */
export interface AdhocHostResult {
  status: 'ok' | 'changed' | 'failed' | 'unreachable' | 'skipped';
  result: Record<string, unknown>;
}

/** Per-host results of an ad-hoc run. */
export interface AdhocResult {
  exitCode: number;
  hosts: Record<string, AdhocHostResult>;
}

/** `ansible PATTERN -m MODULE` as data, printing JSON (the `json` stdout callback) that `parse` reads per host. */
export function getAdhocCommand(o: AdhocOptions): ToolCommand<AdhocResult> {
  const args = [o.pattern, '-m', o.module ?? 'ping', ...(o.moduleArgs ? ['-a', o.moduleArgs] : []), ...getCommonArgs(o)];
  return {
    command: o.ansible ?? 'ansible',
    args,
    env: { ANSIBLE_NOCOLOR: '1', ANSIBLE_LOAD_CALLBACK_PLUGINS: '1', ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_RETRY_FILES_ENABLED: 'False' },
    cwd: o.cwd,
    parse: (stdout, stderr, exitCode) => parseAdhocOutput(stdout, stderr, exitCode),
  };
}

/** Reads the `json` stdout callback document of an ad-hoc run. */
export function parseAdhocOutput(stdout: string, stderr: string, exitCode: number): AdhocResult {
  const start = stdout.indexOf('{');
  let doc: { plays?: Array<{ tasks?: Array<{ hosts?: Record<string, Record<string, unknown>> }> }> };
  try {
    doc = JSON.parse(stdout.slice(start));
  } catch (e) {
    throw new ToolError('tool-failed', `ansible exited with ${exitCode}: ${(stderr || stdout).trim().split('\n').slice(-3).join(' ')}`, undefined, { cause: e });
  }
  const hosts: Record<string, AdhocHostResult> = {};
  for (const play of doc.plays ?? [])
    for (const task of play.tasks ?? [])
      for (const [h, r] of Object.entries(task.hosts ?? {})) {
        const status = r.unreachable ? 'unreachable' : r.failed ? 'failed' : r.skipped ? 'skipped' : r.changed ? 'changed' : 'ok';
        hosts[h] = { status, result: r };
      }
  return { exitCode, hosts };
}
