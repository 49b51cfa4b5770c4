// The language worker as the extension runs it: the worker entry bundled by esbuild (as esbuild.mjs
// builds dist/languageWorker.js) in a real worker thread, compared with the same service in this thread.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { Diagnostic } from '../../../src/core/contracts/diagnostics.js';
import { LanguageWorkerClient, type OpenDocumentState } from '../../../src/language/worker/LanguageWorkerClient.js';
import { createLanguageService } from '../../../src/vscode/language/worker/createService.js';
import { applyGraphPatch, buildGraphModel, withGraphRanges, type GraphModel } from '../../../src/core/graph/index.js';
import { parsePipeline } from '../../../src/core/pipeline/index.js';

const schemaPath = join(__dirname, '..', '..', '..', 'schemas', 'pipeline.schema.json');
const URI = 'file:///ws/w.ansflow.yaml';
const TEXT = `version: 1
name: worker
steps:
  build:
    type: shell
    with:
      run: echo building
    outputs:
      image: the image
  test:
    type: shell
    needs: [build]
    with:
      run: echo \${{ steps.build.outputs.image }}
`;

let dir: string;
let workerFile: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ansflow-lsworker-'));
  await esbuild.build({
    entryPoints: { languageWorker: 'src/vscode/language/worker/languageWorker.ts' },
    outdir: dir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'cpu-features', '*.node'],
    logLevel: 'error',
  });
  workerFile = join(dir, 'languageWorker.js');
});

after(() => rmSync(dir, { recursive: true, force: true }));

interface Harness {
  client: LanguageWorkerClient;
  logs: string[];
  docs: Map<string, OpenDocumentState>;
  /** Resolves with the diagnostics pushed for `version`. */
  diagnosticsOf(version: number): Promise<Diagnostic[]>;
  pushedVersions: number[];
}

function harness(file: string, extra: Partial<ConstructorParameters<typeof LanguageWorkerClient>[0]> = {}): Harness {
  const logs: string[] = [];
  const docs = new Map<string, OpenDocumentState>();
  const seen = new Map<number, Diagnostic[]>();
  const waiting = new Map<number, (d: Diagnostic[]) => void>();
  const pushedVersions: number[] = [];
  const client = new LanguageWorkerClient({
    workerFile: file,
    workerData: { schemaPath },
    inProcess: (cb) => createLanguageService({ schemaPath }, cb),
    openDocuments: () => [...docs.values()],
    log: (l) => logs.push(l),
    onDiagnostics: (_uri, version, diagnostics) => {
      pushedVersions.push(version);
      seen.set(version, diagnostics);
      waiting.get(version)?.(diagnostics);
    },
    inProcessDelayMs: 0,
    ...extra,
  });
  const diagnosticsOf = (version: number): Promise<Diagnostic[]> => {
    const hit = seen.get(version);
    return hit ? Promise.resolve(hit) : new Promise((r) => waiting.set(version, r));
  };
  return { client, logs, docs, diagnosticsOf, pushedVersions };
}

function openIn(h: Harness, doc: OpenDocumentState): void {
  h.docs.set(doc.uri, doc);
  h.client.open(doc);
}

function changeIn(h: Harness, version: number, offset: number, length: number, text: string): void {
  const d = h.docs.get(URI)!;
  d.text = d.text.slice(0, offset) + text + d.text.slice(offset + length);
  d.version = version;
  h.client.change(URI, version, { changes: [{ offset, length, text }] });
}

const heldGraphs = new Map<Harness, { id: number; graph: GraphModel }>();

/** The graph view as a graph editor keeps it: whole the first time, then patches of the one it holds. */
async function graphOf(h: Harness, version: number) {
  const held = heldGraphs.get(h);
  const answer = await h.client.request(URI, version, { method: 'graphView', diagnostics: [], inspected: 'test', editor: { key: 'editor-1', ...(held ? { base: held.id } : {}) } });
  assert.ok(answer);
  const graph = answer.patch ? withGraphRanges(applyGraphPatch(held!.graph, answer.patch.patch), answer.patch.ranges) : answer.graph;
  assert.ok(graph);
  heldGraphs.set(h, { id: answer.id, graph });
  return { graph, form: answer.form, patched: answer.patch !== undefined };
}

/** Diagnostics, completion and hover at the same points, asked through `h`. */
async function answers(h: Harness, version: number) {
  const text = h.docs.get(URI)!.text;
  return {
    diagnostics: (await h.diagnosticsOf(version)).map((d) => [d.code, d.range.start, d.range.end, d.message]),
    needs: await h.client.request(URI, version, { method: 'complete', offset: text.indexOf('[build]') + 1 }),
    expression: await h.client.request(URI, version, { method: 'complete', offset: text.indexOf('steps.build.outputs.') + 'steps.build.outputs.'.length }),
    hover: await h.client.request(URI, version, { method: 'hover', offset: text.indexOf('build:') + 1 }),
    // The graph editor's view, with the side form of `test` (what an open graph asks after each edit).
    graph: await graphOf(h, version),
    // A graph edit worked out from the version's analysis (what a click on the graph asks).
    edit: await h.client.request(URI, version, { method: 'graphEdit', edit: { edit: 'duplicateStep', id: 'build' } }),
  };
}

test('the worker thread answers diagnostics, completion and hover exactly as the service in this thread', async () => {
  const worker = harness(workerFile);
  const local = harness(join(dir, 'missing.js'));
  try {
    assert.equal(await worker.client.ready, 'worker');
    assert.equal(await local.client.ready, 'in-process');
    for (const h of [worker, local]) openIn(h, { uri: URI, version: 1, text: TEXT, file: '/ws/w.ansflow.yaml' });
    const [a1, b1] = [await answers(worker, 1), await answers(local, 1)];
    assert.deepEqual(a1, b1);
    assert.deepEqual(a1.diagnostics, []);
    assert.ok(a1.needs!.some((e) => e.label === 'build'));
    assert.ok(a1.expression!.some((e) => e.label === 'image'), JSON.stringify(a1.expression!.map((e) => e.label)));
    assert.match(a1.hover!.markdown, /shell/);
    assert.deepEqual(a1.graph.graph.edges.map((e) => [e.from, e.to]), [['build', 'test']]);
    assert.equal(a1.graph.form?.id, 'test');
    assert.ok(!a1.graph.patched, 'the first view is sent whole');
    assert.ok(a1.edit && 'edits' in a1.edit && a1.edit.edits.some((e) => e.newText.includes('build-copy')), JSON.stringify(a1.edit));
    // An edit (as content changes) that breaks the need: both report it at the same place.
    const at = TEXT.indexOf('[build]') + 1;
    for (const h of [worker, local]) changeIn(h, 2, at, 5, 'biuld');
    const [a2, b2] = [await answers(worker, 2), await answers(local, 2)];
    assert.deepEqual(a2, b2);
    // The expression still reads steps.build, which is no longer a need.
    assert.deepEqual(a2.diagnostics.map((d) => d[0]), ['unknown-need', 'missing-need']);
    assert.equal(a2.diagnostics[0]![1], at);
    // The second view came as a patch with the ranges (a typed array across the thread): applied to the first,
    // it is the model computed whole from the new text.
    assert.ok(a2.graph.patched, 'the view after an edit is a patch of the one held');
    assert.deepEqual(a2.graph.graph, buildGraphModel(parsePipeline(worker.docs.get(URI)!.text, { file: '/ws/w.ansflow.yaml' })));
    assert.deepEqual(a2.graph.graph.edges, [], 'the broken need draws no edge');
    assert.equal(a2.graph.graph.nodes.find((n) => n.id === 'test')?.errors, 2);
    // A refused rename comes back as its one-line message.
    await assert.rejects(worker.client.request(URI, 2, { method: 'rename', offset: TEXT.indexOf('build:'), newName: 'test' }), /test/);
    // A request for a version the worker no longer has gets no answer rather than a wrong one.
    assert.equal(await worker.client.request(URI, 1, { method: 'hover', offset: 3 }), undefined);
    assert.deepEqual(worker.logs, []);
  } finally {
    worker.client.dispose();
    local.client.dispose();
  }
});

test('a burst of edits reaches the worker as one analysis of the newest version; older versions get none', async () => {
  const h = harness(workerFile);
  try {
    await h.client.ready;
    openIn(h, { uri: URI, version: 1, text: TEXT, file: '/ws/w.ansflow.yaml' });
    await h.diagnosticsOf(1);
    const at = TEXT.indexOf('echo building') + 'echo '.length;
    // Posted in one turn, as keystrokes that arrive while the worker is busy.
    for (let v = 2; v <= 12; v++) changeIn(h, v, at, 0, 'x');
    await h.diagnosticsOf(12);
    // Usually [1, 12]; under load the worker may wake for the first message before the rest arrive and
    // analyse that version too ([1, 2, 12] in about a third of runs at load 3). Never one analysis per edit.
    const pushed = h.pushedVersions;
    assert.equal(pushed[0], 1);
    assert.equal(pushed.at(-1), 12);
    assert.ok(pushed.every((v, i) => i === 0 || v > pushed[i - 1]!), `in version order: ${pushed.join(', ')}`);
    assert.ok(pushed.length < 12, `the burst was coalesced: ${pushed.join(', ')}`);
  } finally {
    h.client.dispose();
  }
});

test('a crashed worker is restarted with the open documents; one that cannot start leaves one log line and the host answers', async () => {
  const h = harness(workerFile);
  try {
    await h.client.ready;
    openIn(h, { uri: URI, version: 1, text: TEXT, file: '/ws/w.ansflow.yaml' });
    await h.diagnosticsOf(1);
    (h.client as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    const hover = await h.client.request(URI, 1, { method: 'hover', offset: TEXT.indexOf('build:') + 1 });
    assert.match(hover!.markdown, /shell/);
    assert.equal(h.client.mode, 'worker');
    assert.equal(h.client.crashes, 1);
    assert.equal(h.logs.length, 1);
    assert.match(h.logs[0]!, /restarting/);
  } finally {
    h.client.dispose();
  }
  const broken = harness(join(dir, 'nowhere', 'languageWorker.js'));
  try {
    openIn(broken, { uri: URI, version: 1, text: TEXT, file: '/ws/w.ansflow.yaml' });
    assert.equal(await broken.client.ready, 'in-process');
    assert.deepEqual(await broken.diagnosticsOf(1), []);
    assert.match((await broken.client.request(URI, 1, { method: 'hover', offset: TEXT.indexOf('build:') + 1 }))!.markdown, /shell/);
    assert.equal(broken.logs.length, 1, broken.logs.join('\n'));
    assert.match(broken.logs[0]!, /could not start.*in the extension host instead/);
  } finally {
    broken.client.dispose();
  }
});

test('waiting requests are bounded: past the limit the oldest gets no answer instead of queueing', async () => {
  const h = harness(workerFile, { maxPending: 4 });
  try {
    await h.client.ready;
    openIn(h, { uri: URI, version: 1, text: TEXT, file: '/ws/w.ansflow.yaml' });
    const asked = Array.from({ length: 10 }, () => h.client.request(URI, 1, { method: 'hover', offset: TEXT.indexOf('build:') + 1 }));
    const got = await Promise.all(asked);
    assert.deepEqual(got.map((g) => g !== undefined), [false, false, false, false, false, false, true, true, true, true]);
  } finally {
    h.client.dispose();
  }
  // A disposed client answers nothing, even when disposed before its worker said it was ready.
  const early = harness(workerFile);
  early.client.dispose();
  assert.equal(await early.client.request(URI, 1, { method: 'symbols' }), undefined);
});
