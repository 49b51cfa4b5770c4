// GitLab's meaning, case by case: stage order, needs, rules, extends, parallel, after_script and
// allow_failure, checked on the draft and, where behaviour is the point, with the real runner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importGitlab } from '../../../../../src/core/import/gitlab/importGitlab.js';
import type { ImportDraft } from '../../../../../src/core/import/draft.js';
import { parsePipeline } from '../../../../../src/core/pipeline/index.js';
import { runPipeline } from '../../../../../src/core/runner/index.js';
import { roundTrip } from '../roundTrip.js';

const SOURCE = { path: join(tmpdir(), 'no-such-dir', '.gitlab-ci.yml') };

function draftOf(text: string): ImportDraft {
  const result = importGitlab(text, SOURCE);
  assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
  return result.draft;
}

function step(draft: ImportDraft, id: string): Record<string, unknown> {
  return (draft.pipeline.steps as Record<string, Record<string, unknown>>)[id];
}

function edges(draft: ImportDraft): string[] {
  return draft.sourceGraph.edges.map((e) => `${e.from}>${e.to}`).sort();
}

async function run(draft: ImportDraft, params: Record<string, unknown> = {}) {
  const { text } = await roundTrip(draft);
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-gl-sem-'));
  const summary = await runPipeline(parsePipeline(text, { file: join(dir, 'ci.ansflow.yaml') }), { workspace: dir, params }).done;
  return { dir, summary, status: (id: string) => summary.steps.find((s) => s.step === id)?.status };
}

test('(unit) gitlab import: a job waits for every job of earlier stages; needs: [] starts at once; needs replaces stages', () => {
  const d = draftOf(`stages: [a, b, c]
a1: { stage: a, script: x }
a2: { stage: a, script: x }
b1: { stage: b, script: x }
c1: { stage: c, script: x }
c2: { stage: c, needs: [], script: x }
c3: { stage: c, needs: [a2], script: x }
`);
  assert.deepEqual(edges(d), ['a1>b1', 'a1>c1', 'a2>b1', 'a2>c1', 'a2>c3', 'b1>c1'].sort());
  assert.equal(step(d, 'c2').needs, undefined);
});

test('(unit) gitlab import: the default stage is test, after build; an unknown stage is an error', () => {
  const d = draftOf('b: { stage: build, script: x }\nt: { script: x }\n');
  assert.deepEqual(edges(d), ['b>t']);
  const bad = importGitlab('stages: [one]\nj: { stage: two, script: x }\n', SOURCE);
  assert.ok(!bad.ok && /stage 'two' is not in stages \(one\)/.test(bad.errors[0].message));
});

test('(unit) gitlab import: rules fold first-match-wins into one condition (never excludes, no match excludes)', () => {
  const d = draftOf(`j:
  script: x
  rules:
    - if: $CI_COMMIT_BRANCH == "main"
      when: never
    - if: $CI_PIPELINE_SOURCE == "schedule"
      when: never
    - when: on_success
k:
  script: x
  rules:
    - if: '$CI_COMMIT_TAG =~ /^v/ || $CI_COMMIT_BRANCH =~ /^(main|develop)$/'
w:
  script: x
  rules:
    - if: $CI_COMMIT_BRANCH
      when: always
`);
  assert.equal(step(d, 'j').if, "ci.branch != 'main' && ci.event != 'schedule'");
  assert.equal(step(d, 'k').if, "startsWith(ci.tag, 'v') || (ci.branch == 'main' || ci.branch == 'develop')");
  assert.equal(step(d, 'w').if, "always() && (ci.branch != '')");
});

test('(unit) gitlab import: a regex with no counterpart reads as true and says so', () => {
  const d = draftOf('j:\n  script: x\n  rules:\n    - if: $CI_COMMIT_TAG =~ /^v\\d+/\n');
  assert.equal(step(d, 'j').if, undefined);
  assert.ok(d.warnings.some((w) => w.kind === 'changed-meaning' && w.message.includes('/^v\\d+/')), JSON.stringify(d.warnings));
});

test('(unit) gitlab import: only/except on refs and variables; undeclared variables become parameters', () => {
  const d = draftOf('j:\n  script: x\n  only: [main, tags, merge_requests]\n  except:\n    variables: [$SKIP == "yes"]\n');
  assert.equal(step(d, 'j').if, "((ci.tag || ci.branch) == 'main' || ci.tag != '' || ci.event == 'merge_request_event') && params.SKIP != 'yes'");
  assert.deepEqual(d.pipeline.params, { SKIP: { type: 'string', default: '' } });
});

test('(unit) gitlab import: extends merges hashes key by key over several levels and replaces lists', () => {
  const d = draftOf(`.a:
  variables: { A: a, B: a }
  script: [from-a]
  retry: 1
.b:
  extends: .a
  variables: { B: b, C: b }
  script: [from-b]
j:
  extends: .b
  variables: { C: j }
`);
  assert.deepEqual(step(d, 'j').env, { A: 'a', B: 'b', C: 'j' });
  assert.deepEqual(step(d, 'j').with, { run: 'from-b' });
  assert.equal(step(d, 'j').retry, 1);
  assert.deepEqual(Object.keys(d.pipeline.steps as object), ['j'], 'hidden jobs are not emitted');
  const cycle = importGitlab('.x: { extends: .y }\n.y: { extends: .x }\nj: { extends: .x, script: s }\n', SOURCE);
  assert.ok(!cycle.ok && cycle.errors.some((e) => e.message.includes('extends cycle')));
});

test('(unit) gitlab import: parallel matrix is the union of each entry\'s product; parallel N has N instances', () => {
  const d = draftOf(`m:
  script: x
  parallel:
    matrix:
      - { OS: [linux, mac], ARCH: [x64, arm] }
      - { OS: win, ARCH: x64 }
n:
  script: x
  parallel: 4
`);
  assert.deepEqual(d.sourceGraph.nodes, [{ id: 'm', matrixSize: 5 }, { id: 'n', matrixSize: 4 }]);
});

test('(unit) gitlab import: after_script runs after a failing script and does not fail the job; allow_failure lets later stages run', async () => {
  const d = draftOf(`stages: [one, two]
broken:
  stage: one
  script: ['false']
  after_script: [touch after-ran]
tolerated:
  stage: one
  script: ['exit 3']
  allow_failure: { exit_codes: [3] }
later:
  stage: two
  script: [touch later-ran]
`);
  const { dir, status } = await run(d);
  assert.ok(existsSync(join(dir, 'after-ran')), 'after_script ran after the failure');
  assert.equal(status('broken-script'), 'failed');
  assert.equal(status('later'), 'skipped', 'a failed job stops the later stages');
  const ok = draftOf('stages: [one, two]\ntolerated:\n  stage: one\n  script: ["exit 3"]\n  allow_failure: { exit_codes: [3] }\nlater:\n  stage: two\n  script: [touch later-ran]\n');
  const second = await run(ok);
  assert.ok(existsSync(join(second.dir, 'later-ran')), 'allow_failure: the later stage ran');
});

test('(unit) gitlab import: a job left out by its rules does not hold back later stages, a failure still does', async () => {
  const d = draftOf(`stages: [one, two, three]
optional:
  stage: one
  script: [touch optional-ran]
  rules:
    - if: $WITH_OPTIONAL == "yes"
middle:
  stage: two
  script: [touch middle-ran]
last:
  stage: three
  script: [touch last-ran]
`);
  const { dir, status } = await run(d);
  assert.equal(status('optional'), 'skipped');
  assert.ok(existsSync(join(dir, 'middle-ran')) && existsSync(join(dir, 'last-ran')));
  const failing = draftOf(`stages: [one, two, three]
optional:
  stage: one
  script: [touch optional-ran]
  rules:
    - if: $WITH_OPTIONAL == "yes"
broken:
  stage: one
  script: ['false']
middle:
  stage: two
  script: [touch middle-ran]
last:
  stage: three
  script: [touch last-ran]
`);
  const second = await run(failing);
  assert.ok(!existsSync(join(second.dir, 'middle-ran')) && !existsSync(join(second.dir, 'last-ran')), 'a failure two stages back still stops the job');
});

test('(unit) gitlab import: include local is merged under the file, anything else is a stand-in warning', () => {
  const missing = importGitlab('include: [{ remote: "https://x.test/a.yml" }, nope.yml]\nj: { script: x }\n', SOURCE);
  assert.ok(missing.ok);
  assert.deepEqual(missing.draft.warnings.map((w) => w.kind), ['stand-in', 'stand-in']);
});

test('(unit) gitlab import: an include that is not read is a placeholder step quoting it, a warning in validate at that step', async () => {
  const draft = draftOf('include:\n  - remote: https://x.test/ci/Shared.yml\n  - component: $CI_SERVER_FQDN/org/scan@1.0\nj: { script: x }\n');
  assert.deepEqual(Object.keys(draft.pipeline.steps as object), ['j', 'include-shared', 'include-scan']);
  assert.equal(step(draft, 'include-shared').type, 'placeholder');
  assert.match(String((step(draft, 'include-shared').with as Record<string, unknown>).original), /remote: https:\/\/x\.test\/ci\/Shared\.yml/);
  assert.deepEqual(draft.warnings.map((w) => [w.kind, w.path.join('.')]), [['stand-in', 'steps.include-shared'], ['stand-in', 'steps.include-scan']]);
  const { parsed } = await roundTrip(draft);
  assert.deepEqual(parsed.diagnostics.filter((d) => d.code === 'placeholder-step').length, 2, 'each shows as a placeholder-step warning');
});

test('(unit) gitlab import: bad input is a one-line error with its line, never a throw', () => {
  const yaml = importGitlab('j:\n  script: [x\n', SOURCE);
  assert.ok(!yaml.ok && yaml.errors[0].line !== undefined);
  const need = importGitlab('j: { script: x, needs: [ghost] }\n', SOURCE);
  assert.ok(!need.ok && need.errors[0].message.includes("needs 'ghost'"));
  const none = importGitlab('stages: [a]\n.hidden: { script: x }\n', SOURCE);
  assert.ok(!none.ok && /no jobs/.test(none.errors[0].message));
});

test('(unit) gitlab import: rules: variables are set by the first rule that matches, else the job keeps its own', async () => {
  const d = draftOf(`j:
  variables: { SPEED: slow }
  script: [echo "$SPEED" > speed]
  rules:
    - if: $MODE == "fast"
      variables: { SPEED: quick }
    - if: $MODE == "fast" || $MODE == "turbo"
      variables: { SPEED: turbo }
    - when: on_success
`);
  for (const [mode, speed] of [['fast', 'quick'], ['turbo', 'turbo'], ['', 'slow']]) {
    const { dir } = await run(d, { MODE: mode });
    assert.equal(readFileSync(join(dir, 'speed'), 'utf8'), `${speed}\n`, `MODE=${mode}`);
  }
});

test('(unit) gitlab import: the pipeline is named after the folder of a .gitlab-ci.yml given by a relative path', () => {
  const result = importGitlab('j: { script: x }\n', { path: '.gitlab-ci.yml' });
  assert.ok(result.ok);
  assert.equal(result.draft.pipeline.name, process.cwd().split('/').pop());
});

test('(unit) gitlab import: refusing a manual job does not stop the later stages (manual jobs allow failure in GitLab)', async () => {
  const d = draftOf(`stages: [deploy, after]
deploy:
  stage: deploy
  when: manual
  script: [touch deployed]
report:
  stage: after
  script: [touch reported]
`);
  const { dir } = await run(d);
  assert.ok(!existsSync(join(dir, 'deployed')), 'nobody approved the manual job');
  assert.ok(existsSync(join(dir, 'reported')));
});

test('(unit) gitlab import: a local include with rules is merged and says its rules are not applied', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-gl-inc-'));
  writeFileSync(join(dir, 'extra.yml'), 'extra: { script: echo extra }\n');
  const result = importGitlab('include:\n  - local: extra.yml\n    rules:\n      - if: $CI_COMMIT_BRANCH == "main"\nj: { script: x }\n', { path: join(dir, '.gitlab-ci.yml') });
  assert.ok(result.ok);
  assert.ok((result.draft.pipeline.steps as Record<string, unknown>).extra);
  assert.ok(result.draft.warnings.some((w) => w.kind === 'changed-meaning' && w.message.includes('extra.yml has rules')));
});

test('(unit) gitlab import: a job that extends or needs what an unread include may hold imports with warnings and waits for its placeholder', async () => {
  const draft = draftOf('include: [{ template: Jobs/Build.gitlab-ci.yml }]\ntest: { extends: .from-template, needs: [build], script: make test }\n');
  assert.deepEqual(step(draft, 'test').needs, 'include-build');
  assert.deepEqual(edges(draft), ['include-build>test']);
  const notes = draft.warnings.filter((w) => w.kind === 'changed-meaning').map((w) => w.message);
  assert.ok(notes.some((m) => m.includes("extends '.from-template'")) && notes.some((m) => m.includes("needs 'build'")), JSON.stringify(notes));
  await roundTrip(draft);
  const without = importGitlab('test: { extends: .from-template, script: make test }\n', SOURCE);
  assert.ok(!without.ok && without.errors[0].message.includes("extends '.from-template'"), 'with every include read, a missing base is still an error');
});
