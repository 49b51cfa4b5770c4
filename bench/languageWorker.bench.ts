// The language service off the main thread: on the generated 2,000-step pipeline, one keystroke at a time
// (the next after the previous one's diagnostics arrived), measures
//   - keystroke → diagnostics: from the edit to the diagnostics of that version, worker path;
//   - main-thread blocking per change: the time our code holds the main thread for it (sending the edit,
//     then receiving, checking and mapping the diagnostics to line/character);
// and, as the same-run baseline, the old in-process path (AnalysisCache + PipelineDiagnostics: parse
// with the step cache and validate on the main thread, which blocks it for the whole analysis). Also
// compares sending each edit as content changes with sending the whole text.
// With --jobs N the same steps are written N to a job under `jobs:` (a GitHub Actions-style file).
// With --graph, instead: the same keystrokes with a graph editor open beside the text, the graph's view
// (model, side form, patch) computed on the main thread from its own analysis (the old path) or asked of
// the worker (as a patch of the one held, with the ranges); main-thread busy time per keystroke from the
// event loop's utilisation, both paths alike.
// With --graph-edits: opening a graph editor on the file (its page's graph, twice: the HTML, then `ready`)
// and graph edits each made after a keystroke, worked out on the main thread from an analysis of its own
// (the old path: a full parse on opening, one incremental parse per edit) or asked of the worker.
// Run: node --import tsx bench/languageWorker.bench.ts [--steps 2000] [--keys 40] [--jobs 100] [--graph | --graph-edits]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as esbuild from 'esbuild';
import { parsePipeline, StepCache } from '../src/core/pipeline/index.js';
import type { Diagnostic } from '../src/core/contracts/diagnostics.js';
import { readFileSync } from 'node:fs';
import { analyzePipeline, LineIndex, pipelineDiagnostics, SchemaNavigator, type SchemaNode } from '../src/language/index.js';
import { duplicateStep, graphView } from '../src/language/graph/index.js';
import { applyGraphPatch, graphPatch, withGraphRanges, type GraphModel } from '../src/core/graph/index.js';
import { LanguageWorkerClient, type LanguageWorkerClientOptions } from '../src/language/worker/LanguageWorkerClient.js';
import { createLanguageService } from '../src/vscode/language/worker/createService.js';
import { generatePipeline, inJobs } from './language.bench.js';
import { numberArg } from './benchSupport.js';

const STEPS = numberArg('steps', 2000);
const KEYS = numberArg('keys', 40);
const PER_JOB = numberArg('jobs', 0);
const pipelineText = (): string => (PER_JOB > 0 ? inJobs(generatePipeline(STEPS), PER_JOB) : generatePipeline(STEPS));
const URI = 'file:///bench/generated.ansflow.yaml';
const FILE = '/bench/generated.ansflow.yaml';
const schemaPath = join(__dirname, '..', 'schemas', 'pipeline.schema.json');

function stats(samples: number[]): { p50: number; p95: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number): number => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
  return { p50: q(0.5), p95: q(0.95), max: s[s.length - 1]! };
}
const fmt = (x: { p50: number; p95: number; max: number }): string => `p50 ${x.p50.toFixed(2)} ms, p95 ${x.p95.toFixed(2)} ms, max ${x.max.toFixed(2)} ms`;

/** Keystrokes typed into step `at` of the file: one character each, alternately in two steps' scripts. */
function keystroke(text: string, k: number): { offset: number; text: string } {
  const step = k % 2 === 0 ? Math.floor(STEPS / 2) : Math.floor(STEPS / 3);
  // Typed just before `step N for`, which stays findable while the typing goes on (typing after
  // `echo "step` broke the match at the second key, and every key after it went to offset 9: `version: 1`).
  const offset = text.indexOf(`step ${step} for`);
  if (offset < 0) throw new Error(`step ${step}'s script is not in the text`);
  return { offset, text: 'x' };
}

async function buildWorker(dir: string): Promise<string> {
  await esbuild.build({
    entryPoints: { languageWorker: 'src/vscode/language/worker/languageWorker.ts' },
    outdir: dir,
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'cpu-features', '*.node'],
    logLevel: 'error',
  });
  return join(dir, 'languageWorker.js');
}

/** The extension's client of the bundled worker, with no documents open yet. */
function benchClient(workerFile: string, onDiagnostics: LanguageWorkerClientOptions['onDiagnostics']): LanguageWorkerClient {
  return new LanguageWorkerClient({
    workerFile,
    workerData: { schemaPath },
    inProcess: (cb) => createLanguageService({ schemaPath }, cb),
    openDocuments: () => [],
    log: (l) => console.log(`  (${l})`),
    onDiagnostics,
  });
}

async function workerRun(workerFile: string, form: 'changes' | 'text'): Promise<{ latency: number[]; blocking: number[]; workerMs: number[] }> {
  let text = pipelineText();
  let version = 1;
  let lines = new LineIndex(text);
  const waiting = new Map<number, () => void>();
  const workerMs: number[] = [];
  let receiveMs = 0;
  const client = benchClient(workerFile, (_uri, v, diagnostics: Diagnostic[], ms) => {
    // What the extension does with them: map every range to line/character for the collection.
    for (const d of diagnostics) {
      lines.positionAt(d.range.start);
      lines.positionAt(d.range.end);
    }
    workerMs.push(ms);
    waiting.get(v)?.();
  });
  // Our whole 'message' handler (validation + the callback above) is main-thread time.
  const c = client as unknown as { receive(m: unknown): void };
  const receive = c.receive.bind(client);
  c.receive = (m: unknown) => {
    const t = performance.now();
    receive(m);
    receiveMs += performance.now() - t;
  };
  if ((await client.ready) !== 'worker') throw new Error('the worker did not start');
  const arrived = (v: number): Promise<void> => new Promise((r) => waiting.set(v, r));
  const first = arrived(1);
  client.open({ uri: URI, version, text, file: FILE });
  await first;
  const latency: number[] = [];
  const blocking: number[] = [];
  for (let k = 0; k < KEYS; k++) {
    const edit = keystroke(text, k);
    const t0 = performance.now();
    // The editor applies the edit to its own document; the extension is told about it.
    text = text.slice(0, edit.offset) + edit.text + text.slice(edit.offset);
    version++;
    const done = arrived(version);
    receiveMs = 0;
    const s = performance.now();
    client.change(URI, version, form === 'changes' ? { changes: [{ offset: edit.offset, length: 0, text: edit.text }] } : { text });
    const sendMs = performance.now() - s;
    await done;
    latency.push(performance.now() - t0);
    blocking.push(sendMs + receiveMs);
    // The editor's document keeps its own line index; the bench's stands in for it (not timed).
    lines = new LineIndex(text);
  }
  client.dispose();
  return { latency: latency.slice(3), blocking: blocking.slice(3), workerMs: workerMs.slice(4) };
}

function inProcessRun(): { latency: number[] } {
  let text = pipelineText();
  const stepCache = new StepCache();
  pipelineDiagnostics(analyzePipeline(parsePipeline, text, { file: FILE, stepCache }));
  const latency: number[] = [];
  for (let k = 0; k < KEYS; k++) {
    const edit = keystroke(text, k);
    text = text.slice(0, edit.offset) + edit.text + text.slice(edit.offset);
    const t0 = performance.now();
    const found = pipelineDiagnostics(analyzePipeline(parsePipeline, text, { file: FILE, stepCache }));
    const lines = new LineIndex(text);
    for (const d of found) lines.positionAt(d.range.start);
    latency.push(performance.now() - t0);
  }
  return { latency: latency.slice(3) };
}

/**
 * Keystrokes with a graph open: after each version's diagnostics arrive (the editor's), the graph's view of
 * that version, as GraphSession makes it: `host` analyses on this thread (AnalysisCache), builds the view
 * and the patch against the graph the page holds; `worker` asks the worker, which answers with that patch. Main-thread
 * busy time per keystroke (event-loop utilisation, from the edit to the patch) and edit → graph latency.
 */
/** A started worker with the generated pipeline open at version 1 and its diagnostics in; `arrived(v)` waits for version v's. */
async function workerWithPipeline(workerFile: string) {
  const nav = new SchemaNavigator(JSON.parse(readFileSync(schemaPath, 'utf8')) as SchemaNode);
  const text = pipelineText();
  const waiting = new Map<number, () => void>();
  const client = benchClient(workerFile, (_uri, v) => waiting.get(v)?.());
  if ((await client.ready) !== 'worker') throw new Error('the worker did not start');
  const arrived = (v: number): Promise<void> => new Promise((r) => waiting.set(v, r));
  const first = arrived(1);
  client.open({ uri: URI, version: 1, text, file: FILE });
  await first;
  return { nav, text, client, arrived };
}

async function graphRun(workerFile: string, path: 'host' | 'worker'): Promise<{ busy: number[]; latency: number[] }> {
  const { nav, client, arrived, ...opened } = await workerWithPipeline(workerFile);
  let text = opened.text;
  let version = 1;
  const stepCache = new StepCache();
  const inspected = `s${Math.floor(STEPS / 2)}`;
  // What the page holds, and (worker path) the answer it came in: the next answer is a patch of it.
  let held: { graph: GraphModel; id?: number } | undefined;
  const update = async (): Promise<void> => {
    if (path === 'host') {
      const graph = graphView(analyzePipeline(parsePipeline, text, { file: FILE, stepCache }), nav, [], inspected).graph;
      if (held) graphPatch(held.graph, graph);
      held = { graph };
      return;
    }
    const base = held?.id;
    const v = await client.request(URI, version, { method: 'graphView', diagnostics: [], inspected, editor: { key: 'bench', ...(base !== undefined ? { base } : {}) } });
    if (!v) throw new Error('the worker gave no graph view');
    const graph = v.patch ? withGraphRanges(applyGraphPatch(held!.graph, v.patch.patch), v.patch.ranges) : v.graph;
    if (!graph) throw new Error('a patch that does not fit the graph held');
    // A whole answer: the host works out the page's patch itself.
    if (!v.patch && held) graphPatch(held.graph, graph);
    held = { graph, id: v.id };
  };
  await update();
  const busy: number[] = [];
  const latency: number[] = [];
  for (let k = 0; k < KEYS; k++) {
    const edit = keystroke(text, k);
    const u0 = performance.eventLoopUtilization();
    const t0 = performance.now();
    text = text.slice(0, edit.offset) + edit.text + text.slice(edit.offset);
    version++;
    const done = arrived(version);
    client.change(URI, version, { changes: [{ offset: edit.offset, length: 0, text: edit.text }] });
    await done;
    await update();
    latency.push(performance.now() - t0);
    busy.push(performance.eventLoopUtilization(u0).active);
  }
  client.dispose();
  return { busy: busy.slice(3), latency: latency.slice(3) };
}

async function graphMain(workerFile: string): Promise<void> {
  const runs: Record<'host' | 'worker', { busy: number[]; latency: number[] }> = { host: { busy: [], latency: [] }, worker: { busy: [], latency: [] } };
  // Alternated twice, so load drifts hit both alike.
  for (const path of ['host', 'worker', 'worker', 'host'] as const) {
    const r = await graphRun(workerFile, path);
    runs[path].busy.push(...r.busy);
    runs[path].latency.push(...r.latency);
  }
  console.log(`graph open, view on the main thread (old path): main-thread busy per keystroke ${fmt(stats(runs.host.busy))}`);
  console.log(`                                                keystroke → graph ${fmt(stats(runs.host.latency))}`);
  console.log(`graph open, view from the worker:               main-thread busy per keystroke ${fmt(stats(runs.worker.busy))}`);
  console.log(`                                                keystroke → graph ${fmt(stats(runs.worker.latency))}`);
  console.log(`main-thread busy p50 with a graph open: ${stats(runs.worker.busy).p50.toFixed(2)} ms against ${stats(runs.host.busy).p50.toFixed(2)} ms (${(stats(runs.host.busy).p50 / stats(runs.worker.busy).p50).toFixed(1)}× less; goal < 16 ms)`);
}

/**
 * Opening a graph editor, then graph edits each after one keystroke (the editor's diagnostics of it arrived
 * first, as when a user types and then clicks). `host`: as the editor did before, an analysis on this thread
 * (AnalysisCache: a full parse at the first graph, then one incremental parse per click) and the view or the
 * edit from it; `worker`: asked of the worker. Main-thread busy time (event-loop utilisation) of each.
 */
async function graphEditsRun(workerFile: string, path: 'host' | 'worker'): Promise<{ open: number; edits: number[]; editMs: number[] }> {
  const { nav, client, arrived, ...opened } = await workerWithPipeline(workerFile);
  let text = opened.text;
  let version = 1;
  const hostCache = new StepCache();
  const hostAnalysis = () => analyzePipeline(parsePipeline, text, { file: FILE, stepCache: hostCache });
  const editMs: number[] = [];
  const busy = async (work: () => unknown): Promise<number> => {
    const u0 = performance.eventLoopUtilization();
    const t0 = performance.now();
    await work();
    editMs.push(performance.now() - t0);
    return performance.eventLoopUtilization(u0).active;
  };
  // The page's HTML, then `ready`: two whole views of the version.
  const open = await busy(async () => {
    if (path === 'host') {
      const a = hostAnalysis();
      graphView(a, nav, []);
      graphView(a, nav, []);
      return;
    }
    for (let i = 0; i < 2; i++) if (!(await client.request(URI, version, { method: 'graphView', diagnostics: [], ...(i ? { editor: { key: 'bench' } } : {}) }))?.graph) throw new Error('the worker gave no graph view');
  });
  const edits: number[] = [];
  for (let k = 0; k < Math.min(KEYS, 20); k++) {
    const edit = keystroke(text, k);
    text = text.slice(0, edit.offset) + edit.text + text.slice(edit.offset);
    version++;
    const done = arrived(version);
    client.change(URI, version, { changes: [{ offset: edit.offset, length: 0, text: edit.text }] });
    await done;
    const id = `s${(k * 97) % STEPS}`;
    edits.push(
      await busy(async () => {
        const r = path === 'host' ? duplicateStep(hostAnalysis(), id) : await client.request(URI, version, { method: 'graphEdit', edit: { edit: 'duplicateStep', id } });
        if (!r || !('edits' in r) || !r.edits.length) throw new Error(`no edit for ${id}: ${JSON.stringify(r)}`);
      }),
    );
  }
  client.dispose();
  return { open, edits: edits.slice(2), editMs: editMs.slice(3) };
}

async function graphEditsMain(workerFile: string): Promise<void> {
  const runs: Record<'host' | 'worker', { open: number[]; edits: number[]; editMs: number[] }> = { host: { open: [], edits: [], editMs: [] }, worker: { open: [], edits: [], editMs: [] } };
  // Alternated, so load drifts hit both alike; the first host run is this process's first parse (cold, as the extension host's parser is now).
  for (const path of ['host', 'worker', 'worker', 'host', 'host', 'worker'] as const) {
    const r = await graphEditsRun(workerFile, path);
    runs[path].open.push(r.open);
    runs[path].edits.push(...r.edits);
    runs[path].editMs.push(...r.editMs);
  }
  const ms = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(' / ');
  console.log(`opening a graph, main-thread busy: on the main thread (old path) ${ms(runs.host.open)} ms; from the worker ${ms(runs.worker.open)} ms`);
  console.log(`a graph edit after a keystroke, main-thread busy: on the main thread (old path) ${fmt(stats(runs.host.edits))}`);
  console.log(`                                                  from the worker                ${fmt(stats(runs.worker.edits))}`);
  console.log(`click → edit worked out: on the main thread ${fmt(stats(runs.host.editMs))}; from the worker ${fmt(stats(runs.worker.editMs))}`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-bench-lsworker-'));
  try {
    const workerFile = await buildWorker(dir);
    const text = pipelineText();
    console.log(`language worker bench: ${STEPS} steps${PER_JOB > 0 ? ` in jobs of ${PER_JOB}` : ''}, ${new LineIndex(text).lineCount} lines, ${(text.length / 1024).toFixed(0)} KiB, ${KEYS} keystrokes (first 3 dropped), node ${process.version}`);
    if (process.argv.includes('--graph-edits')) {
      await graphEditsMain(workerFile);
      console.log(`load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs`);
      return;
    }
    if (process.argv.includes('--graph')) {
      await graphMain(workerFile);
      console.log(`load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs`);
      return;
    }
    const base = inProcessRun();
    const edits = await workerRun(workerFile, 'changes');
    const whole = await workerRun(workerFile, 'text');
    const base2 = inProcessRun();
    const baseline = stats([...base.latency, ...base2.latency]);
    console.log(`in-process (old path, baseline): keystroke → diagnostics = main-thread blocking: ${fmt(baseline)}`);
    console.log(`worker, edits sent as changes:   keystroke → diagnostics ${fmt(stats(edits.latency))}`);
    console.log(`                                 main-thread blocking per change ${fmt(stats(edits.blocking))}`);
    console.log(`                                 worker's analysis per version ${fmt(stats(edits.workerMs))}`);
    console.log(`worker, whole text per change:   keystroke → diagnostics ${fmt(stats(whole.latency))}`);
    console.log(`                                 main-thread blocking per change ${fmt(stats(whole.blocking))}`);
    console.log('');
    console.log(`main-thread blocking p95: ${stats(edits.blocking).p95.toFixed(2)} ms with the worker vs ${baseline.p95.toFixed(1)} ms in process (${(baseline.p95 / stats(edits.blocking).p95).toFixed(0)}× less; goal < 16 ms)`);
    console.log(`keystroke → diagnostics p95: ${stats(edits.latency).p95.toFixed(1)} ms with the worker vs ${baseline.p95.toFixed(1)} ms in process (goal < 30 ms)`);
    console.log(`load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
