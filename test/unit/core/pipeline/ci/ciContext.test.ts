import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ciFromEnv, readCiContext, repositoryFromRemote } from '../../../../../src/core/pipeline/ci/ciContext.js';
import { parsePipeline } from '../../../../../src/core/pipeline/index.js';
import { runToolCommand } from '../../../../../src/core/process/index.js';
import { runPipeline } from '../../../../../src/core/runner/index.js';

test('(unit) ci: GitHub Actions and GitLab CI variables', () => {
  assert.deepEqual(ciFromEnv({ GITHUB_ACTIONS: 'true', GITHUB_REF_TYPE: 'branch', GITHUB_REF_NAME: 'main', GITHUB_SHA: 'abc', GITHUB_EVENT_NAME: 'push', GITHUB_REPOSITORY: 'o/r' }), { branch: 'main', commit: 'abc', event: 'push', repository: 'o/r' });
  assert.deepEqual(ciFromEnv({ GITHUB_ACTIONS: 'true', GITHUB_REF_TYPE: 'branch', GITHUB_REF_NAME: '7/merge', GITHUB_HEAD_REF: 'feature', GITHUB_EVENT_NAME: 'pull_request' }), { branch: 'feature', event: 'pull_request' });
  assert.deepEqual(ciFromEnv({ GITHUB_ACTIONS: 'true', GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: 'v1.2.0' }), { tag: 'v1.2.0' });
  assert.deepEqual(ciFromEnv({ GITLAB_CI: 'true', CI_COMMIT_BRANCH: 'dev', CI_COMMIT_SHA: 'def', CI_PIPELINE_SOURCE: 'merge_request_event', CI_PROJECT_PATH: 'g/p', CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'mr' }), { branch: 'mr', commit: 'def', event: 'merge_request_event', repository: 'g/p' });
  assert.deepEqual(ciFromEnv({ CI_COMMIT_BRANCH: 'x', GITHUB_SHA: 'y' }), {}, 'without GITHUB_ACTIONS / GITLAB_CI nothing is taken');
  assert.equal(repositoryFromRemote('git@github.com:owner/name.git'), 'owner/name');
  assert.equal(repositoryFromRemote('https://gitlab.example/group/proj'), 'group/proj');
  assert.equal(repositoryFromRemote('/srv/repo'), 'srv/repo');
});

test('(unit) ci: repository from a remote URL never takes its user, password or host', () => {
  assert.equal(repositoryFromRemote('https://user:s3cr3t@example.com/repo.git'), '', 'one path segment: no owner/name');
  assert.equal(repositoryFromRemote('https://tok3n@example.com/repo'), '');
  assert.equal(repositoryFromRemote('https://example.com/repo.git'), '');
  assert.equal(repositoryFromRemote('https://x-access-token:ghs_abc@github.com/owner/repo'), 'owner/repo');
  assert.equal(repositoryFromRemote('ssh://git@host:2222/owner/repo.git'), 'owner/repo');
  assert.equal(repositoryFromRemote('deploy:pw@host:repo.git'), '');
  assert.equal(repositoryFromRemote('git@host:owner/repo/'), 'owner/repo');
});

test('(unit) ci: a real git repository fills branch, commit, tag and repository; CI variables win', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-ci-'));
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'trunk');
  writeFileSync(join(dir, 'f'), 'x');
  git('add', 'f');
  git('commit', '-q', '-m', 'one');
  git('tag', 'v9');
  git('remote', 'add', 'origin', 'https://example.invalid/acme/widgets.git');
  const run = (cmd: Parameters<typeof runToolCommand<string>>[0]) => runToolCommand(cmd);
  const local = await readCiContext({}, dir, run);
  assert.deepEqual(local, { branch: 'trunk', commit: git('rev-parse', 'HEAD'), tag: 'v9', event: 'local', repository: 'acme/widgets' });
  const onGitlab = await readCiContext({ GITLAB_CI: 'true', CI_COMMIT_BRANCH: 'main', CI_PIPELINE_SOURCE: 'push' }, dir, run);
  assert.equal(onGitlab.branch, 'main');
  assert.equal(onGitlab.event, 'push');
  assert.equal(onGitlab.tag, 'v9');
  const outside = await readCiContext({}, tmpdir(), run);
  assert.equal(outside.commit, '');
});

test('(unit) ci: the pipeline if skips the whole run with the reason; ci reaches step expressions', async () => {
  const text = `version: 1
if: ci.branch == 'main' || params.force
params:
  force: false
steps:
  a: { type: shell, with: { run: 'echo "\${{ ci.branch }}@\${{ ci.event }}" > seen' } }
finally:
  f: { type: shell, with: { run: touch cleaned } }
`;
  const parsed = parsePipeline(text);
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
  const ci = { branch: 'feature', commit: 'c', tag: '', event: 'push', repository: 'o/r' };
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-ci-run-'));
  const skipped = await runPipeline(parsed, { workspace: dir, ci }).done;
  assert.equal(skipped.status, 'success');
  assert.deepEqual(skipped.steps.map((s) => [s.step, s.status, s.reason]), [
    ['a', 'skipped', "the pipeline's condition was false: ci.branch == 'main' || params.force"],
    ['f', 'skipped', "the pipeline's condition was false: ci.branch == 'main' || params.force"],
  ]);
  const forced = await runPipeline(parsed, { workspace: dir, ci, params: { force: true } }).done;
  assert.equal(forced.status, 'success');
  assert.equal(readFileSync(join(dir, 'seen'), 'utf8'), 'feature@push\n');
  const main = await runPipeline(parsed, { workspace: dir, ci: { ...ci, branch: 'main' } }).done;
  assert.equal(main.steps[0]!.status, 'success');
  assert.ok(parsePipeline(text.replace('ci.branch ==', 'ci.brnch ==')).diagnostics.some((d) => /unknown field 'ci.brnch'.*did you mean 'branch'/.test(d.message)));
});

test('(unit) env in expressions is the declared environment only, never the host one', async () => {
  // Read from with, and from env: values at each level (pipeline, job, step), where the layers are built.
  const text = `version: 1
env: { LEVEL: pipeline, P: "\${{ env.HOST_TOKEN }}" }
jobs:
  j:
    env: { J: "\${{ env.HOST_TOKEN }}\${{ env.LEVEL }}" }
    steps:
      a:
        type: shell
        env: { STEP: yes, S: "\${{ env.HOST_TOKEN }}\${{ env.J }}" }
        with: { run: 'echo "[\${{ env.LEVEL }}][\${{ env.STEP }}][\${{ env.HOST_TOKEN }}][$P][$J][$S]" > env-seen' }
`;
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-env-'));
  const s = await runPipeline(parsePipeline(text), { workspace: dir, baseEnv: { PATH: process.env.PATH, HOST_TOKEN: 'hunter2' } }).done;
  assert.equal(s.status, 'success');
  assert.equal(readFileSync(join(dir, 'env-seen'), 'utf8'), '[pipeline][yes][][][pipeline][pipeline]\n');
});
