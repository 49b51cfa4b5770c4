// git command lines for the checkout step, built as data (`{command, args, parse}`) and run elsewhere,
// so the argument lists are unit-tested without a repository. Credentials never appear here: they
// travel in the environment (see gitCredentials.ts).
import type { ToolCommand } from '../../../contracts/StepType.js';
import { ToolError } from '../../../contracts/result.js';

/** Where the install hint sends people when git is missing. */
export const GIT_INSTALL_HINT = 'Install git (https://git-scm.com/downloads) or set with.gitPath.';

/** A full or abbreviated commit id as written in `ref:` (7 to 64 hex digits: SHA-1 or SHA-256). */
export const COMMIT_ID = /^[0-9a-f]{7,64}$/i;

function failed(what: string, stderr: string, exitCode: number): ToolError {
  // git ends some errors with advice lines ("and the repository exists."): its `fatal:` line says what happened.
  const lines = stderr.trim().split('\n').map((l) => l.trim()).filter(Boolean);
  const line = lines.filter((l) => /^(fatal|error):/.test(l)).pop() ?? lines.pop() ?? `exit code ${exitCode}`;
  return new ToolError('tool-failed', `git ${what} failed: ${line}`);
}

/** A command whose output is not needed: throws on a non-zero exit with git's last error line. */
function plain(git: string, args: string[], what: string): ToolCommand<void> {
  return {
    command: git,
    args,
    parse(_out, err, code) {
      if (code !== 0) throw failed(what, err, code);
    },
  };
}

// Credential helpers configured by the user would otherwise store the token (or offer a stale one
// before GIT_ASKPASS is asked); an empty value clears the list for this one command.
const NO_CREDENTIAL_HELPER = ['-c', 'credential.helper='];

/** `git init` of `dir` (a fresh checkout folder). */
export function gitInit(git: string, dir: string): ToolCommand<void> {
  return plain(git, ['init', '--quiet', dir], 'init');
}

/** The URL of `origin`, or undefined when the folder has no such remote. */
export function gitRemoteUrl(git: string, dir: string): ToolCommand<string | undefined> {
  return {
    command: git,
    args: ['-C', dir, 'config', '--get', 'remote.origin.url'],
    parse: (out, _err, code) => (code === 0 ? out.trim() : undefined),
  };
}

/** Points `origin` at `url`, adding the remote when `exists` is false. */
export function gitSetRemote(git: string, dir: string, url: string, exists: boolean): ToolCommand<void> {
  return plain(git, ['-C', dir, 'remote', exists ? 'set-url' : 'add', 'origin', url], 'remote');
}

/** One line of `git ls-remote --symref`: a ref and the object it names, or the branch HEAD points at. */
export interface RemoteRefs {
  /** Full ref name → commit id. */
  refs: Map<string, string>;
  /** The branch the remote's HEAD points at (`refs/heads/main`), when the server says. */
  head?: string;
}

/** Parses `git ls-remote --symref` output. */
export function parseLsRemote(out: string): RemoteRefs {
  const refs = new Map<string, string>();
  let head: string | undefined;
  for (const line of out.split('\n')) {
    const sym = /^ref: (\S+)\tHEAD$/.exec(line);
    if (sym) head = sym[1];
    const m = /^([0-9a-f]{40,64})\t(\S+)$/.exec(line);
    if (m) refs.set(m[2]!, m[1]!);
  }
  // Asked for HEAD only, the listing names the branch but not its own line.
  const tip = refs.get('HEAD');
  if (head && tip && !refs.has(head)) refs.set(head, tip);
  return { refs, ...(head ? { head } : {}) };
}

/** `git ls-remote --symref origin [ref…]`: what the remote has under the names asked for. */
export function gitLsRemote(git: string, dir: string, patterns: string[]): ToolCommand<RemoteRefs> {
  return {
    command: git,
    args: [...NO_CREDENTIAL_HELPER, '-C', dir, 'ls-remote', '--symref', 'origin', ...patterns],
    parse(out, err, code) {
      if (code !== 0) throw failed('ls-remote', err, code);
      return parseLsRemote(out);
    },
  };
}

/** What to fetch and check out, decided from `ref:` and the remote's refs. */
export type CheckoutTarget =
  | { kind: 'branch'; ref: string; name: string }
  | { kind: 'tag'; ref: string; name: string }
  | { kind: 'commit'; commit: string };

/**
 * Resolves `ref:` against the remote: a branch or tag by its short or full name (a branch wins, as
 * in git), else a commit id; without `ref:` the branch the remote's HEAD points at.
 */
export function resolveTarget(remote: RemoteRefs, ref: string | undefined): CheckoutTarget {
  const wanted = ref ?? remote.head;
  if (!wanted) throw new ToolError('invalid-input', 'the remote did not say which branch is its default: set with.ref');
  for (const full of wanted.startsWith('refs/') ? [wanted] : [`refs/heads/${wanted}`, `refs/tags/${wanted}`]) {
    if (!remote.refs.has(full)) continue;
    if (full.startsWith('refs/heads/')) return { kind: 'branch', ref: full, name: full.slice('refs/heads/'.length) };
    return { kind: 'tag', ref: full, name: full.replace(/^refs\/tags\//, '') };
  }
  if (COMMIT_ID.test(wanted)) return { kind: 'commit', commit: wanted.toLowerCase() };
  throw new ToolError('invalid-input', `ref '${wanted}' is neither a branch, a tag nor a commit id of the repository`);
}

/** The local ref a target is fetched into. */
export function localRefOf(t: CheckoutTarget): string {
  if (t.kind === 'branch') return `refs/remotes/origin/${t.name}`;
  if (t.kind === 'tag') return t.ref;
  return t.commit;
}

/** True for a commit id too short to ask a server for (servers only take full ids). */
export function abbreviated(t: CheckoutTarget): boolean {
  return t.kind === 'commit' && t.commit.length < 40;
}

/**
 * `git fetch` of one target, shallow when `depth` > 0. An abbreviated commit id cannot be fetched by
 * itself: every branch is fetched in full and git finds the commit among them.
 */
export function gitFetch(git: string, dir: string, t: CheckoutTarget, depth: number): ToolCommand<void> {
  const whole = abbreviated(t);
  const refspec = whole ? '+refs/heads/*:refs/remotes/origin/*' : t.kind === 'commit' ? t.commit : `+${t.ref}:${localRefOf(t)}`;
  return plain(git, [...NO_CREDENTIAL_HELPER, '-C', dir, 'fetch', '--no-tags', '--prune', '--no-recurse-submodules', ...(depth > 0 && !whole ? [`--depth=${depth}`] : []), 'origin', refspec], 'fetch');
}

/** Drops local changes and every untracked or ignored file (`clean: true`). */
export function gitResetHard(git: string, dir: string): ToolCommand<void> {
  return plain(git, ['-C', dir, 'reset', '--hard', '--quiet'], 'reset');
}
export function gitClean(git: string, dir: string): ToolCommand<void> {
  return plain(git, ['-C', dir, 'clean', '-ffdx', '--quiet'], 'clean');
}

/**
 * Checks the target out: a branch as a local branch of the same name tracking origin, a tag or
 * commit detached. Without `force` git refuses to overwrite local changes, which is the point of
 * leaving `clean` off.
 */
export function gitCheckout(git: string, dir: string, t: CheckoutTarget, force: boolean): ToolCommand<void> {
  const f = force ? ['--force'] : [];
  if (t.kind === 'branch') return plain(git, ['-C', dir, 'checkout', '--quiet', ...f, '-B', t.name, localRefOf(t)], 'checkout');
  return plain(git, ['-C', dir, 'checkout', '--quiet', ...f, '--detach', t.kind === 'tag' ? `${t.ref}^{commit}` : t.commit], 'checkout');
}

/** `git submodule sync` then `update --init`, recursive when asked, shallow with `depth`. */
export function gitSubmoduleCommands(git: string, dir: string, recursive: boolean, depth: number): ToolCommand<void>[] {
  const r = recursive ? ['--recursive'] : [];
  return [
    plain(git, ['-C', dir, 'submodule', 'sync', '--quiet', ...r], 'submodule sync'),
    plain(git, [...NO_CREDENTIAL_HELPER, '-C', dir, 'submodule', 'update', '--init', '--force', ...r, ...(depth > 0 ? [`--depth=${depth}`] : [])], 'submodule update'),
  ];
}

/** `git lfs pull` (`lfs: true`); needs git-lfs installed. */
export function gitLfsPull(git: string, dir: string): ToolCommand<void> {
  return {
    command: git,
    args: [...NO_CREDENTIAL_HELPER, '-C', dir, 'lfs', 'pull'],
    parse(_out, err, code) {
      if (code === 0) return;
      if (/is not a git command/.test(err)) throw new ToolError('tool-not-found', 'git-lfs is not installed', 'Install Git LFS (https://git-lfs.com) or set lfs: false.');
      throw failed('lfs pull', err, code);
    },
  };
}

/** The commit HEAD names after the checkout. */
export function gitHeadCommit(git: string, dir: string): ToolCommand<string> {
  return {
    command: git,
    args: ['-C', dir, 'rev-parse', 'HEAD'],
    parse(out, err, code) {
      if (code !== 0) throw failed('rev-parse', err, code);
      return out.trim();
    },
  };
}
