// The `ci` expression context: branch, commit, tag, event and repository of the run. CI variables
// come first (GitHub Actions, then GitLab CI), git fills what they leave empty. Only these named
// variables are read, never the rest of the host environment (it may hold credentials).
import type { ToolCommand } from '../../contracts/StepType.js';

/** What `ci.*` reads; an unknown field is ''. */
export interface CiContext {
  branch: string;
  commit: string;
  tag: string;
  /** `push`, `pull_request`, `merge_request_event`, `schedule`…; `local` outside CI. */
  event: string;
  /** `owner/name`. */
  repository: string;
}

export const CI_FIELDS = ['branch', 'commit', 'tag', 'event', 'repository'] as const;

type Env = Readonly<Record<string, string | undefined>>;

/** The fields the CI variables of GitHub Actions or GitLab CI give (others left out). */
export function ciFromEnv(env: Env): Partial<CiContext> {
  const v = (k: string): string | undefined => (env[k] ? env[k] : undefined);
  const out: Partial<CiContext> = {};
  const set = (k: keyof CiContext, value: string | undefined): void => {
    if (value !== undefined && out[k] === undefined) out[k] = value;
  };
  if (v('GITHUB_ACTIONS') === 'true') {
    const refType = v('GITHUB_REF_TYPE');
    // A pull request's ref is refs/pull/N/merge; its branch is the head branch.
    set('branch', v('GITHUB_HEAD_REF') ?? (refType === 'branch' ? v('GITHUB_REF_NAME') : undefined));
    if (refType === 'tag') set('tag', v('GITHUB_REF_NAME'));
    set('commit', v('GITHUB_SHA'));
    set('event', v('GITHUB_EVENT_NAME'));
    set('repository', v('GITHUB_REPOSITORY'));
  } else if (v('GITLAB_CI') === 'true') {
    set('branch', v('CI_MERGE_REQUEST_SOURCE_BRANCH_NAME') ?? v('CI_COMMIT_BRANCH'));
    set('tag', v('CI_COMMIT_TAG'));
    set('commit', v('CI_COMMIT_SHA'));
    set('event', v('CI_PIPELINE_SOURCE'));
    set('repository', v('CI_PROJECT_PATH'));
  }
  return out;
}

/**
 * The path of a remote: after `scheme://[user[:password]@]host[:port]`, after the host of the
 * scp-like `[user@]host:path`, else the text itself (a local path). Never the user, password or host.
 */
function remotePath(url: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)?$/i.exec(url);
  if (withScheme) return withScheme[1] ?? '';
  const scpLike = /^[^/]*:(.*)$/.exec(url);
  return scpLike ? scpLike[1]! : url;
}

/** `owner/name` from a remote URL (https, ssh or scp-like), or '' when its path has no such two parts. */
export function repositoryFromRemote(url: string): string {
  const parts = remotePath(url.trim()).replace(/\/+$/, '').replace(/\.git$/, '').split('/').filter(Boolean);
  return parts.length >= 2 ? parts.slice(-2).join('/') : '';
}

const trimmed = (stdout: string, _stderr: string, exitCode: number): string => (exitCode === 0 ? stdout.trim() : '');

/** The git commands that fill the fields CI variables leave empty, each with its parser. */
function gitCiCommands(cwd: string): Record<Exclude<keyof CiContext, 'event'>, ToolCommand<string>> {
  const git = (args: string[], parse = trimmed): ToolCommand<string> => ({ command: 'git', args: ['-C', cwd, ...args], parse });
  return {
    branch: git(['symbolic-ref', '--short', '-q', 'HEAD']),
    commit: git(['rev-parse', '-q', '--verify', 'HEAD']),
    tag: git(['describe', '--tags', '--exact-match', 'HEAD']),
    repository: git(['config', '--get', 'remote.origin.url'], (out, err, code) => repositoryFromRemote(trimmed(out, err, code))),
  };
}

/**
 * The run's `ci` context: CI variables, then git in `cwd` for what they leave empty; a missing git
 * or a folder outside a repository leaves fields ''. `run` executes a tool command (the core runner).
 */
export async function readCiContext(env: Env, cwd: string, run: (cmd: ToolCommand<string>) => Promise<string>): Promise<CiContext> {
  const fromEnv = ciFromEnv(env);
  const commands = gitCiCommands(cwd);
  const out: CiContext = { branch: '', commit: '', tag: '', event: fromEnv.event ?? 'local', repository: '' };
  await Promise.all(
    (Object.keys(commands) as Array<keyof typeof commands>).map(async (k) => {
      if (fromEnv[k] !== undefined) return void (out[k] = fromEnv[k]!);
      try {
        out[k] = await run(commands[k]);
      } catch {
        out[k] = '';
      }
    }),
  );
  return out;
}
