// Issue 11 item 6: `cache.sources` / `generates` resolve against the step's working directory, and
// a step with only `sources` is skipped while its sources and definition are unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePipeline } from '../../../../src/core/pipeline/index.js';
import { RunStore, runPipeline } from '../../../../src/core/runner/index.js';
import { pipeline, sh } from './helpers/pipelines.js';

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-cache-paths-'));
  return { dir, store: new RunStore({ root: join(dir, '.ansflow', 'runs') }) };
}

async function statusOf(p: ReturnType<typeof pipeline>, dir: string, store: RunStore): Promise<string> {
  const s = await runPipeline(p, { workspace: dir, store }).done;
  return s.steps[0]!.status;
}

test('(unit) cache sources and generates resolve against the step workingDirectory', async () => {
  const { dir, store } = setup();
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'app', 'in.txt'), 'one');
  writeFileSync(join(dir, 'in.txt'), 'a file of the same name in the pipeline folder');
  const mk = () => pipeline([sh('build', 'cat in.txt > out.txt', { workingDirectory: 'app', cache: { sources: ['in.txt'], generates: ['out.txt'] } })]);
  assert.equal(await statusOf(mk(), dir, store), 'success');
  assert.equal(await statusOf(mk(), dir, store), 'up-to-date');
  // The pipeline folder's in.txt is not a source of this step.
  writeFileSync(join(dir, 'in.txt'), 'changed');
  assert.equal(await statusOf(mk(), dir, store), 'up-to-date');
  writeFileSync(join(dir, 'app', 'in.txt'), 'two');
  assert.equal(await statusOf(mk(), dir, store), 'success');
});

test('(unit) cache globs may leave the working directory with ../', async () => {
  const { dir, store } = setup();
  mkdirSync(join(dir, 'app'));
  mkdirSync(join(dir, 'shared'));
  writeFileSync(join(dir, 'shared', 'lib.txt'), 'v1');
  const mk = () => pipeline([sh('build', 'cat ../shared/lib.txt > out.txt', { workingDirectory: 'app', cache: { sources: ['../shared/*.txt'], generates: ['out.txt'] } })]);
  assert.equal(await statusOf(mk(), dir, store), 'success');
  assert.equal(await statusOf(mk(), dir, store), 'up-to-date');
  writeFileSync(join(dir, 'shared', 'lib.txt'), 'v2');
  assert.equal(await statusOf(mk(), dir, store), 'success');
});

test('(unit) a step with only cache sources is skipped while sources and definition are unchanged', async () => {
  const { dir, store } = setup();
  writeFileSync(join(dir, 'test.txt'), 'one');
  const mk = (run = 'cat test.txt') => pipeline([sh('lint', run, { cache: { sources: ['*.txt'], generates: [] } })]);
  assert.equal(await statusOf(mk(), dir, store), 'success');
  assert.equal(await statusOf(mk(), dir, store), 'up-to-date');
  writeFileSync(join(dir, 'test.txt'), 'two');
  assert.equal(await statusOf(mk(), dir, store), 'success');
  assert.equal(await statusOf(mk(), dir, store), 'up-to-date');
  // A changed definition is a changed fingerprint.
  assert.equal(await statusOf(mk('cat test.txt; true'), dir, store), 'success');
  // A failure records no fingerprint: the next run tries again.
  writeFileSync(join(dir, 'test.txt'), 'three');
  assert.equal(await statusOf(mk('exit 1'), dir, store), 'failed');
  assert.equal(await statusOf(mk('exit 1'), dir, store), 'failed');
});

test('(unit) hint where a cache path’s meaning changed: a path under workingDirectory written from the pipeline folder', () => {
  const text = `version: 1
steps:
  build:
    type: shell
    workingDirectory: app
    cache:
      sources: [app/src/**]
    with:
      run: make
  rewritten:
    type: shell
    workingDirectory: app
    cache:
      sources: [src/**]
    with:
      run: make
  plain:
    type: shell
    cache:
      sources: [src/**]
    with:
      run: make
`;
  const hints = parsePipeline(text, { file: '/tmp/x.ansflow.yaml' }).diagnostics.filter((d) => d.code === 'cache-paths-changed');
  assert.equal(hints.length, 1);
  assert.equal(hints[0]!.severity, 'hint');
  assert.equal(text.slice(hints[0]!.range.start, hints[0]!.range.end), 'cache');
  assert.ok(text.slice(0, hints[0]!.range.start).includes('build:') && !text.slice(0, hints[0]!.range.start).includes('rewritten:'));
  assert.equal(hints[0]!.data?.suggestion, 'src/**');
});
