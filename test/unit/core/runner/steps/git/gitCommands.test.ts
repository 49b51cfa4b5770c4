// (unit) git.checkout's command builders, ref resolution and credential plumbing, without a repository.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  gitCheckout,
  gitFetch,
  gitLfsPull,
  gitLsRemote,
  gitSubmoduleCommands,
  parseLsRemote,
  resolveTarget,
} from '../../../../../../src/core/runner/steps/git/gitCommands.js';
import { prepareGitCredentials, sshCommand } from '../../../../../../src/core/runner/steps/git/gitCredentials.js';
import { checkoutDir, gitCheckoutStep, repositoryUrl } from '../../../../../../src/core/runner/steps/git/checkoutStep.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);
const LS = `ref: refs/heads/main\tHEAD\n${A}\tHEAD\n${A}\trefs/heads/main\n${B}\trefs/heads/v1\n${C}\trefs/tags/v1\n${C}\trefs/tags/v2\n`;

test('(unit) git.checkout: ls-remote output gives the refs and the branch HEAD points at', () => {
  const r = parseLsRemote(LS);
  assert.equal(r.head, 'refs/heads/main');
  assert.equal(r.refs.get('refs/tags/v2'), C);
  assert.equal(r.refs.size, 5);
});

test('(unit) git.checkout: ref resolves to a branch (winning over a tag of the same name), a tag, a commit, or the default branch', () => {
  const r = parseLsRemote(LS);
  assert.deepEqual(resolveTarget(r, undefined), { kind: 'branch', ref: 'refs/heads/main', name: 'main' });
  assert.deepEqual(resolveTarget(r, 'v1'), { kind: 'branch', ref: 'refs/heads/v1', name: 'v1' });
  assert.deepEqual(resolveTarget(r, 'v2'), { kind: 'tag', ref: 'refs/tags/v2', name: 'v2' });
  assert.deepEqual(resolveTarget(r, 'refs/tags/v1'), { kind: 'tag', ref: 'refs/tags/v1', name: 'v1' });
  assert.deepEqual(resolveTarget(r, 'ABCDEF1'), { kind: 'commit', commit: 'abcdef1' });
  assert.throws(() => resolveTarget(r, 'nope'), /neither a branch, a tag nor a commit/);
  assert.throws(() => resolveTarget({ refs: new Map() }, undefined), /set with.ref/);
});

test('(unit) git.checkout: fetch fetches only the target, shallow with depth; an abbreviated commit fetches every branch in full', () => {
  const f = (t: Parameters<typeof gitFetch>[2], depth: number) => gitFetch('git', '/w', t, depth).args;
  assert.deepEqual(f({ kind: 'branch', ref: 'refs/heads/main', name: 'main' }, 1), ['-c', 'credential.helper=', '-C', '/w', 'fetch', '--no-tags', '--prune', '--no-recurse-submodules', '--depth=1', 'origin', '+refs/heads/main:refs/remotes/origin/main']);
  assert.deepEqual(f({ kind: 'tag', ref: 'refs/tags/v2', name: 'v2' }, 0).slice(-2), ['origin', '+refs/tags/v2:refs/tags/v2']);
  assert.ok(!f({ kind: 'tag', ref: 'refs/tags/v2', name: 'v2' }, 0).some((a) => a.startsWith('--depth')));
  assert.deepEqual(f({ kind: 'commit', commit: A }, 3).slice(-3), ['--depth=3', 'origin', A]);
  const short = f({ kind: 'commit', commit: 'abcdef1' }, 3);
  assert.deepEqual(short.slice(-2), ['origin', '+refs/heads/*:refs/remotes/origin/*']);
  assert.ok(!short.some((a) => a.startsWith('--depth')));
  // Every command that talks to the remote clears credential helpers: the token must not be stored.
  assert.deepEqual(gitLsRemote('git', '/w', ['HEAD']).args.slice(0, 2), ['-c', 'credential.helper=']);
});

test('(unit) git.checkout: a branch becomes a local branch, a tag or commit is detached; force only when asked', () => {
  assert.deepEqual(gitCheckout('git', '/w', { kind: 'branch', ref: 'refs/heads/main', name: 'main' }, false).args, ['-C', '/w', 'checkout', '--quiet', '-B', 'main', 'refs/remotes/origin/main']);
  assert.deepEqual(gitCheckout('git', '/w', { kind: 'tag', ref: 'refs/tags/v2', name: 'v2' }, true).args, ['-C', '/w', 'checkout', '--quiet', '--force', '--detach', 'refs/tags/v2^{commit}']);
  assert.deepEqual(gitCheckout('git', '/w', { kind: 'commit', commit: A }, false).args.slice(-2), ['--detach', A]);
  const [sync, update] = gitSubmoduleCommands('git', '/w', true, 1);
  assert.deepEqual(sync!.args, ['-C', '/w', 'submodule', 'sync', '--quiet', '--recursive']);
  assert.deepEqual(update!.args.slice(2), ['-C', '/w', 'submodule', 'update', '--init', '--force', '--recursive', '--depth=1']);
  assert.throws(() => gitCheckout('git', '/w', { kind: 'commit', commit: A }, false).parse('', 'error: Your local changes would be overwritten\n', 1), /git checkout failed: error: Your local changes/);
  // git's advice lines after the error do not hide it.
  assert.throws(() => gitLsRemote('git', '/w', []).parse('', 'fatal: Could not read from remote repository.\n\nPlease make sure you have the correct access rights\nand the repository exists.\n', 128), /failed: fatal: Could not read from remote repository\.$/);
  assert.deepEqual(gitLfsPull('git', '/w').args, ['-c', 'credential.helper=', '-C', '/w', 'lfs', 'pull']);
  assert.throws(() => gitLfsPull('git', '/w').parse('', "git: 'lfs' is not a git command. See 'git --help'.\n", 1), (e: Error & { code?: string; hint?: string }) => e.code === 'tool-not-found' && /Install Git LFS/.test(e.hint ?? ''));
});

test('(unit) git.checkout: a token goes to an askpass script through the environment, an SSH key to a 0600 file, both removed after', () => {
  const c = prepareGitCredentials({ token: 'tok-123', sshKey: 'KEY', knownHosts: 'host ssh-ed25519 AAAA' });
  try {
    assert.equal(c.env.ANSFLOW_GIT_TOKEN, 'tok-123');
    assert.equal(c.env.GIT_TERMINAL_PROMPT, '0');
    const askpass = c.env.GIT_ASKPASS!;
    assert.equal(statSync(dirname(askpass)).mode & 0o777, 0o700);
    assert.ok(!readFileSync(askpass, 'utf8').includes('tok-123'), 'the script reads the token, it does not hold it');
    const key = /-i (\S+)/.exec(c.env.GIT_SSH_COMMAND!)![1]!;
    assert.equal(statSync(key).mode & 0o777, 0o600);
    assert.equal(readFileSync(key, 'utf8'), 'KEY\n');
    assert.match(c.env.GIT_SSH_COMMAND!, /StrictHostKeyChecking=yes/);
    assert.ok(!Object.values(c.env).some((v) => v !== 'tok-123' && v.includes('tok-123')));
  } finally {
    c.dispose();
  }
  assert.ok(!existsSync(c.env.GIT_ASKPASS!));
  assert.match(sshCommand('/t/k', undefined), /StrictHostKeyChecking=accept-new/);
  assert.equal(sshCommand("/t/it's/k", undefined).split(' ')[2], `'/t/it'\\''s/k'`);
  assert.deepEqual(prepareGitCredentials({}).env, { GIT_TERMINAL_PROMPT: '0' });
});

test('(unit) git.checkout: path stays inside the workspace, relative repositories resolve against it, validate names bad keys', () => {
  assert.equal(checkoutDir('/w', 'src/app'), '/w/src/app');
  assert.throws(() => checkoutDir('/w', '../x'), /outside the workspace/);
  assert.equal(repositoryUrl('/w', '../repo.git'), '/repo.git');
  for (const u of ['https://h/r.git', 'git@h:r.git', 'file:///r.git', '/abs/r.git']) assert.equal(repositoryUrl('/w', u), u);
  const v = gitCheckoutStep.validate!;
  assert.deepEqual(v({ repository: 'r', submodules: 'recursive', depth: 0 }), []);
  assert.deepEqual(v({}).map((p) => p.key), ['repository']);
  assert.deepEqual(v({ repository: 'r', path: '../out' }).map((p) => p.key), ['path']);
  assert.deepEqual(v({ repository: 'r', tokenSecret: 'T', sshKeySecret: 'K' }).map((p) => p.key), ['sshKeySecret']);
});
