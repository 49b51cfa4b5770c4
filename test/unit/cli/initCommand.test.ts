// `ansflow init`: writes a gallery template into the current folder, refuses to overwrite without
// --force, and names the templates when given an unknown one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../../../src/cli/runCli.js';
import { initTemplates } from '../../../src/cli/commands/init.js';
import { EMPTY_PIPELINE_ENTRY } from '../../../src/language/templateGallery.js';
import { parsePipeline } from '../../../src/core/pipeline/index.js';
import { memoryIO } from '../helpers/memoryIO.js';

const ROOT = resolve(__dirname, '../../..');

function inTempDir(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ansflow-init-'));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test(
  '(unit) cli init: writes the empty pipeline by default, a valid one, and refuses to overwrite without --force',
  inTempDir(async (dir) => {
    const io = memoryIO(dir);
    assert.equal(await runCli(['init'], io), 0, io.err());
    assert.equal(io.out(), 'wrote pipeline.ansflow.yaml (Empty pipeline, 1 step)\n');
    const file = join(dir, 'pipeline.ansflow.yaml');
    assert.equal(readFileSync(file, 'utf8'), EMPTY_PIPELINE_ENTRY.text);
    assert.deepEqual(parsePipeline(readFileSync(file, 'utf8')).diagnostics.filter((d) => d.severity === 'error'), []);

    writeFileSync(file, 'mine\n');
    const again = memoryIO(dir);
    assert.equal(await runCli(['init'], again), 2);
    assert.equal(again.err(), 'ansflow: error: pipeline.ansflow.yaml already exists; not overwriting it\nhint: pass --force to overwrite it\n');
    assert.equal(readFileSync(file, 'utf8'), 'mine\n', 'left as it was');

    const forced = memoryIO(dir);
    assert.equal(await runCli(['init', '--force'], forced), 0, forced.err());
    assert.equal(readFileSync(file, 'utf8'), EMPTY_PIPELINE_ENTRY.text);
  }),
);

test(
  '(unit) cli init: --template picks an example by name; an unknown name lists the templates',
  inTempDir(async (dir) => {
    const io = memoryIO(dir);
    assert.equal(await runCli(['init', '--template', 'k8s-deploy'], io), 0, io.err());
    assert.match(io.out(), /^wrote k8s-deploy\.ansflow\.yaml \(/);
    assert.equal(readFileSync(join(dir, 'k8s-deploy.ansflow.yaml'), 'utf8'), readFileSync(join(ROOT, 'examples/k8s-deploy.ansflow.yaml'), 'utf8'));

    const bad = memoryIO(dir);
    assert.equal(await runCli(['init', '--template', 'nope'], bad), 2);
    const [error, hint] = bad.err().split('\n');
    assert.equal(error, "ansflow: error: unknown template 'nope'");
    assert.match(hint!, /^hint: templates: empty, .*\bk8s-deploy\b/);
  }),
);

test('(unit) cli init: without an examples folder only the empty pipeline is offered', () => {
  assert.deepEqual([...initTemplates(undefined).keys()], ['empty']);
  const withExamples = initTemplates(join(ROOT, 'examples'));
  assert.ok(withExamples.size > 1 && withExamples.get('empty') === EMPTY_PIPELINE_ENTRY);
});
