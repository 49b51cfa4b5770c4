// Step type `git.checkout`: brings a repository into the workspace (or a folder in it) at a branch,
// tag or commit. A first run initialises the folder and fetches only the one ref asked for (shallow
// with `depth`); later runs fetch into the same folder. Outputs `commit` and `ref`.
import { existsSync, mkdirSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { StepContext, StepOutcome, StepType, ToolCommand } from '../../../contracts/StepType.js';
import { ToolError } from '../../../contracts/result.js';
import { runToolCommand } from '../../../process/index.js';
import type { RunnerStepContext } from '../../stepContext.js';
import { WithParams } from '../WithParams.js';
import {
  GIT_INSTALL_HINT,
  gitCheckout,
  gitClean,
  gitFetch,
  gitHeadCommit,
  gitInit,
  gitLfsPull,
  gitLsRemote,
  gitRemoteUrl,
  gitResetHard,
  gitSetRemote,
  gitSubmoduleCommands,
  resolveTarget,
  type CheckoutTarget,
} from './gitCommands.js';
import { prepareGitCredentials, type GitCredentials } from './gitCredentials.js';

/** The checkout folder: `path` inside the workspace (default the workspace itself). */
export function checkoutDir(workspace: string, path: string | undefined): string {
  const dir = resolve(workspace, path ?? '.');
  const rel = relative(workspace, dir);
  if (rel.startsWith('..') || isAbsolute(rel)) throw new ToolError('invalid-input', `with.path '${path}' is outside the workspace`);
  return dir;
}

/** A repository given as a relative local path resolves against the workspace; URLs stay as they are. */
export function repositoryUrl(workspace: string, repository: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(repository) || /^[^/\\]+@[^/\\]+:/.test(repository) || isAbsolute(repository)) return repository;
  return resolve(workspace, repository);
}

function submodulesOf(w: WithParams): 'off' | 'on' | 'recursive' {
  const v = w.get('submodules');
  if (v === 'recursive') return 'recursive';
  return w.bool('submodules', false) ? 'on' : 'off';
}

function secretOf(ctx: StepContext, w: WithParams, key: string): string | undefined {
  const name = w.string(key);
  if (name === undefined) return undefined;
  const value = ctx.secrets[name];
  if (value === undefined || value === '') throw new ToolError('invalid-input', `with.${key}: secret '${name}' is not set`);
  return value;
}

async function run(ctx: StepContext): Promise<StepOutcome> {
  const w = WithParams.of(ctx);
  const git = w.string('gitPath') ?? 'git';
  const dir = checkoutDir(ctx.workspace, w.string('path'));
  const url = repositoryUrl(ctx.workspace, w.string('repository') ?? '');
  const depth = w.number('depth', { integer: true, min: 0 }) ?? 1;
  const clean = w.bool('clean', false);
  const lfs = w.bool('lfs', false);
  const submodules = submodulesOf(w);
  let creds: GitCredentials | undefined;
  let env: Record<string, string> = {};
  const runGit = <T>(cmd: ToolCommand<T>, quiet = false): Promise<T> => {
    if (!quiet) ctx.log('system', `$ git ${cmd.args.join(' ')}\n`);
    return runToolCommand({ ...cmd, env }, { signal: ctx.signal, forceSignal: (ctx as RunnerStepContext).forceSignal, installHint: GIT_INSTALL_HINT, onOutput: (s, t) => s === 'stderr' && ctx.log('stderr', t) });
  };
  try {
    creds = prepareGitCredentials({ token: secretOf(ctx, w, 'tokenSecret'), username: w.string('username'), sshKey: secretOf(ctx, w, 'sshKeySecret'), knownHosts: w.string('knownHosts') });
    // LFS off: a repository with LFS filters must not download its large files at checkout.
    env = { ...ctx.env, ...creds.env, ...(lfs ? {} : { GIT_LFS_SKIP_SMUDGE: '1' }) };
    const fresh = !existsSync(join(dir, '.git'));
    if (fresh) {
      mkdirSync(dir, { recursive: true });
      await runGit(gitInit(git, dir));
    }
    const current = fresh ? undefined : await runGit(gitRemoteUrl(git, dir), true);
    if (current !== url) await runGit(gitSetRemote(git, dir, url, current !== undefined));
    const ref = w.string('ref');
    ctx.progress('listing remote refs');
    const remote = await runGit(gitLsRemote(git, dir, ref ? [ref] : ['HEAD']));
    const target: CheckoutTarget = resolveTarget(remote, ref);
    ctx.progress(`fetching ${target.kind === 'commit' ? target.commit : target.name}`);
    await runGit(gitFetch(git, dir, target, depth));
    if (clean && !fresh) {
      await runGit(gitResetHard(git, dir));
      await runGit(gitClean(git, dir));
    }
    await runGit(gitCheckout(git, dir, target, clean || fresh));
    if (submodules !== 'off') for (const c of gitSubmoduleCommands(git, dir, submodules === 'recursive', depth)) await runGit(c);
    if (lfs) await runGit(gitLfsPull(git, dir));
    const commit = await runGit(gitHeadCommit(git, dir), true);
    const refName = target.kind === 'commit' ? commit : target.ref;
    ctx.log('stdout', `checked out ${refName === commit ? commit : `${refName} at ${commit}`} into ${relative(ctx.workspace, dir) || '.'}\n`);
    return { exitCode: 0, outputs: { commit, ref: refName } };
  } catch (e) {
    if (e instanceof ToolError) return { exitCode: 1, message: e.message + (e.hint ? ` ${e.hint}` : '') };
    throw e;
  } finally {
    creds?.dispose();
  }
}

/** `git.checkout`: clone or fetch a repository into the workspace. */
export const gitCheckoutStep: StepType = {
  type: 'git.checkout',
  validate(withParams) {
    const w = WithParams.check(withParams).require('repository');
    for (const k of ['ref', 'path', 'tokenSecret', 'username', 'sshKeySecret', 'knownHosts', 'gitPath']) w.string(k);
    w.number('depth', { integer: true, min: 0 });
    for (const k of ['clean', 'lfs']) w.bool(k);
    if (w.get('submodules') !== 'recursive') w.bool('submodules');
    const path = w.string('path');
    if (path && (isAbsolute(path) || relative('/w', resolve('/w', path)).startsWith('..'))) w.fail('path', 'must be a folder inside the workspace');
    if (w.string('tokenSecret') && w.string('sshKeySecret')) w.fail('sshKeySecret', 'give either tokenSecret (HTTPS) or sshKeySecret (SSH), not both');
    return w.problems;
  },
  run,
  describe(withParams) {
    const w = WithParams.check(withParams);
    const ref = w.string('ref');
    return `git checkout ${w.string('repository') ?? '?'}${ref ? `@${ref}` : ''}${w.string('path') ? ` into ${w.string('path')}` : ''}`;
  },
};
