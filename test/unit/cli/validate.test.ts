import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../../../src/cli/runCli.js';
import { memoryIO } from '../helpers/memoryIO.js';

const BAD = 'version: 1\nsteps:\n  a:\n    type: shel\n    needs: [build]\n    with: { run: x }\n  build: { type: shell, with: { run: y } }\n  c:\n    type: shell\n    needs: [zzz]\n    with:\n      run: echo ${{ steps.build.outputs.t }}\n';
const GOOD = 'version: 1\nsteps:\n  build: { type: shell, with: { run: y } }\n  test: { type: shell, needs: build, with: { run: z } }\nfinally:\n  tidy: { type: shell, with: { run: t } }\n';

function workspace(): { dir: string; done(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-validate-'));
  writeFileSync(join(dir, 'bad.ansflow.yaml'), BAD);
  writeFileSync(join(dir, 'good.ansflow.yaml'), GOOD);
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

test('(unit) cli validate: compiler-style text, 1-based positions, exit 1 on errors', async () => {
  const ws = workspace();
  try {
    const io = memoryIO(ws.dir);
    assert.equal(await runCli(['validate', 'bad.ansflow.yaml', 'good.ansflow.yaml'], io), 1);
    const lines = io.out().trim().split('\n');
    assert.deepEqual(lines.map((l) => l.split(': ').slice(0, 2).join(': ')), [
      'bad.ansflow.yaml:4:11: error unknown-step-type',
      'bad.ansflow.yaml:10:13: error unknown-need',
      'bad.ansflow.yaml:12:21: error missing-need',
    ]);
    assert.match(io.err(), /2 files checked: 3 errors, 0 warnings/);
  } finally {
    ws.done();
  }
});

test('(unit) cli validate: exit 0 for clean files', async () => {
  const ws = workspace();
  try {
    const io = memoryIO(ws.dir);
    assert.equal(await runCli(['validate', 'good.ansflow.yaml'], io), 0);
    assert.equal(io.out(), '');
  } finally {
    ws.done();
  }
});

test('(unit) cli validate --format json: array of files with 1-based ranges', async () => {
  const ws = workspace();
  try {
    const io = memoryIO(ws.dir);
    assert.equal(await runCli(['validate', '--format', 'json', 'bad.ansflow.yaml', 'missing.ansflow.yaml'], io), 1);
    const out = JSON.parse(io.out()) as Array<{ file: string; diagnostics: Array<Record<string, unknown>> }>;
    assert.deepEqual(out.map((f) => f.file), ['bad.ansflow.yaml', 'missing.ansflow.yaml']);
    assert.deepEqual(out[0]!.diagnostics[0], { severity: 'error', code: 'unknown-step-type', message: "unknown step type 'shel' (did you mean 'shell'?)", line: 4, column: 11, endLine: 4, endColumn: 15 });
    assert.equal(out[1]!.diagnostics[0]!.code, 'file-not-found');
  } finally {
    ws.done();
  }
});

test('(unit) cli validate: usage errors exit 2', async () => {
  const io = memoryIO();
  assert.equal(await runCli(['validate', '--format', 'xml', 'a.yaml'], io), 2);
  assert.match(io.err(), /--format takes text or json/);
  const empty = mkdtempSync(join(tmpdir(), 'ansflow-empty-'));
  try {
    assert.equal(await runCli(['validate'], memoryIO(empty)), 2);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

test('(unit) cli validate: folders (and no argument) expand to the pipeline files inside', async () => {
  const ws = workspace();
  try {
    mkdirSync(join(ws.dir, '.ansflow', 'runs'), { recursive: true });
    writeFileSync(join(ws.dir, '.ansflow', 'nightly.yaml'), GOOD);
    writeFileSync(join(ws.dir, '.ansflow', 'runs', 'r1.yaml'), 'not: a pipeline\n');
    writeFileSync(join(ws.dir, 'notes.yaml'), 'x: 1\n');
    const io = memoryIO(ws.dir);
    assert.equal(await runCli(['validate', '--format', 'json'], io), 1);
    assert.deepEqual((JSON.parse(io.out()) as Array<{ file: string }>).map((f) => f.file), [join('.ansflow', 'nightly.yaml'), 'bad.ansflow.yaml', 'good.ansflow.yaml']);
  } finally {
    ws.done();
  }
});

test('(unit) cli validate: every example is clean', async () => {
  const dir = resolve(__dirname, '../../../examples');
  const io = memoryIO(dir);
  const files = ['web-app', 'ansible-rollout', 'k8s-deploy', 'data-pipeline', 'nightly-backup', 'security-gate'].map((n) => `${n}.ansflow.yaml`);
  assert.equal(await runCli(['validate', ...files], io), 0, io.out());
});

test('(unit) cli graph: json, dot and mermaid', async () => {
  const ws = workspace();
  try {
    let io = memoryIO(ws.dir);
    assert.equal(await runCli(['graph', 'good.ansflow.yaml'], io), 0);
    const g = JSON.parse(io.out()) as { nodes: Array<{ id: string; finally: boolean }>; edges: unknown[]; layers: string[][] };
    assert.deepEqual(g.layers, [['build'], ['test'], ['tidy']]);
    assert.deepEqual(g.edges, [{ from: 'build', to: 'test' }]);
    assert.equal(g.nodes.find((n) => n.id === 'tidy')!.finally, true);

    io = memoryIO(ws.dir);
    assert.equal(await runCli(['graph', 'good.ansflow.yaml', '--format', 'dot'], io), 0);
    assert.match(io.out(), /^digraph "pipeline" \{/);
    assert.match(io.out(), /"build" -> "test";/);
    // Drawn from the editor's model (core/graph): the finally step sits in its own cluster.
    assert.match(io.out(), /subgraph "cluster_finally" \{\n(?:.*\n)*? {4}"tidy" \[/);

    io = memoryIO(ws.dir);
    assert.equal(await runCli(['graph', 'good.ansflow.yaml', '--format=mermaid'], io), 0);
    assert.match(io.out(), /^flowchart LR/);
    assert.match(io.out(), /s_build --> s_test/);
    assert.match(io.out(), /subgraph finally_section \[finally\]\n {4}s_tidy\(/);

    io = memoryIO(ws.dir);
    assert.equal(await runCli(['graph', 'bad.ansflow.yaml'], io), 1);
    assert.match(io.err(), /bad\.ansflow\.yaml:4:11: error unknown-step-type/);
  } finally {
    ws.done();
  }
});
