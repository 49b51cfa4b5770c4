// Graph editor: a generated 1,000-step pipeline (50 layers of 20, each step needing one or two of the
// layer before) through the host model, then in headless Chromium against the built webview bundle:
// first paint (quick columns), ELK layout painted (worker), ELK and dagre layout alone on the page's main
// thread in the same run, and a single edit (host: edit + re-parse + model; webview: relayout painted).
// Usage: node --import tsx bench/graph.bench.ts [--steps N] [--runs N] [--no-baselines] [--before <git rev>] [--host-only]   (Chromium: /usr/bin/chromium or ANSFLOW_TEST_CHROMIUM)
// --no-baselines skips ELK and dagre alone (dagre takes a minute per run on 1,000 steps); --before also
// measures the webview of an older revision in the same runs (before/after on one machine, one load).
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { parsePipeline, StepCache } from '../src/core/pipeline/index.js';
import { buildGraphModel, graphPatch } from '../src/core/graph/index.js';
import { analyzePipeline } from '../src/language/index.js';
import { addNeed, applyTextEdits } from '../src/language/graph/index.js';
import { median, numberArg } from './benchSupport.js';

const argStr = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const STEPS = numberArg('steps', 1000);
const RUNS = numberArg('runs', 5);
const WIDTH = 20;
const BASELINES = !process.argv.includes('--no-baselines');

function generate(n: number): string {
  const lines = ['version: 1', 'name: graph-bench', 'steps:'];
  for (let i = 0; i < n; i++) {
    const layer = Math.floor(i / WIDTH);
    const needs = layer === 0 ? [] : [...new Set([(layer - 1) * WIDTH + (i % WIDTH), (layer - 1) * WIDTH + ((i * 7) % WIDTH)])].map((j) => `s${j}`);
    lines.push(`  s${i}:`, `    type: shell`, ...(needs.length ? [`    needs: [${needs.join(', ')}]`] : []), '    with:', `      run: echo ${i}`);
  }
  return `${lines.join('\n')}\n`;
}

async function bundles(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'ansflow-graph-bench-'));
  const common = { bundle: true, platform: 'browser', format: 'iife', target: 'es2022', minify: true, logLevel: 'error' } as const;
  await esbuild.build({ ...common, entryPoints: { graph: 'webview/graph/main.tsx', 'graph-layout': 'webview/graph-layout/main.tsx' }, outdir: out, jsx: 'automatic', jsxImportSource: 'preact' });
  // The two layout engines alone, on the page's main thread, with the same input sizes.
  await esbuild.build({
    ...common,
    stdin: {
      contents: `import dagre from '@dagrejs/dagre'; import ELK from 'elkjs/lib/elk.bundled.js'; import { elkInput, NODE_W, NODE_H } from './webview/graph/layout.ts';
window.benchDagre = (model) => { const g = new dagre.graphlib.Graph(); g.setGraph({ rankdir: 'LR', nodesep: 22, ranksep: 72 }); g.setDefaultEdgeLabel(() => ({}));
  for (const n of model.nodes) g.setNode(n.id, { width: NODE_W, height: NODE_H }); for (const e of model.edges) g.setEdge(e.from, e.to); dagre.layout(g); return g.graph().width; };
window.benchElk = (model) => new ELK().layout(elkInput(model)).then((o) => o.width);`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    outfile: join(out, 'engines.js'),
  });
  return out;
}

async function main(): Promise<void> {
  const text = generate(STEPS);
  const file = join(process.cwd(), 'bench-graph.ansflow.yaml');
  const host: number[] = [];
  let model = buildGraphModel(parsePipeline(text, { file }));
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    model = buildGraphModel(parsePipeline(text, { file }));
    host.push(performance.now() - t0);
  }
  const edit: number[] = [];
  let edited = model;
  const to = `s${STEPS - 1}`;
  const from = `s${STEPS - WIDTH - 3}`;
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const a = analyzePipeline(parsePipeline, text, { file });
    const res = addNeed(a, from, to);
    if ('error' in res) throw new Error(res.error);
    edited = buildGraphModel(parsePipeline(applyTextEdits(text, res.edits), { file }));
    edit.push(performance.now() - t0);
  }
  console.log(`pipeline: ${STEPS} steps, ${model.edges.length} needs, ${model.layers.length} layers, ${text.split('\n').length} lines`);
  console.log(`host: parse + model ${median(host).toFixed(1)} ms; one edit (analyse + addNeed + re-parse + model) ${median(edit).toFixed(1)} ms`);
  // The editor's host path for one edit, as GraphSession runs it. Before: the old text analysed for the
  // edit, then the new text analysed, modelled and posted whole twice (text change, then diagnostics).
  // Now: the old text's analysis is the one the graph was drawn from (one per version), the new text is
  // analysed once for both events, and the webview gets a patch.
  const fileOpt = { file };
  const analysed = analyzePipeline(parsePipeline, text, fileOpt);
  const oldPath: number[] = [];
  const newPath: number[] = [];
  let fullBytes = 0;
  let patchBytes = 0;
  for (let r = 0; r < RUNS; r++) {
    let t0 = performance.now();
    const res = addNeed(analyzePipeline(parsePipeline, text, fileOpt), from, to);
    if ('error' in res) throw new Error(res.error);
    const next = applyTextEdits(text, res.edits);
    for (let i = 0; i < 2; i++) fullBytes = JSON.stringify(buildGraphModel(analyzePipeline(parsePipeline, next, fileOpt).parsed)).length;
    oldPath.push(performance.now() - t0);
    t0 = performance.now();
    const res2 = addNeed(analysed, from, to);
    if ('error' in res2) throw new Error(res2.error);
    const nextModel = buildGraphModel(analyzePipeline(parsePipeline, applyTextEdits(text, res2.edits), fileOpt).parsed);
    patchBytes = JSON.stringify(graphPatch(model, nextModel)).length;
    newPath.push(performance.now() - t0);
  }
  console.log(`host per edit (editor path): before ${median(oldPath).toFixed(0)} ms (3 analyses, 2 whole models of ${(fullBytes / 1024).toFixed(0)} KB); one analysis per version ${median(newPath).toFixed(0)} ms (a ${patchBytes} B patch)`);
  // With the step cache (GraphSession keeps one per document): the old version's parse filled it, so
  // the edit re-reads only the changed step. A fresh cache per run, filled from the old text untimed,
  // so the edited step is never already in it. The same runs alternate with the uncached path.
  const uncached: number[] = [];
  const cached: number[] = [];
  // CPU time as well as wall time: on the shared two cores the wall time mostly measures the queue.
  const uncachedCpu: number[] = [];
  const cachedCpu: number[] = [];
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  for (let r = 0; r < RUNS * 2; r++) {
    const cache = new StepCache();
    const parse: typeof parsePipeline = (t, o) => parsePipeline(t, { ...o, stepCache: cache });
    const before = analyzePipeline(parse, text, fileOpt);
    const useCache = r % 2 === 0;
    const t0 = performance.now();
    const c0 = cpuMs();
    const res = addNeed(before, from, to);
    if ('error' in res) throw new Error(res.error);
    const nextModel = buildGraphModel(analyzePipeline(useCache ? parse : parsePipeline, applyTextEdits(text, res.edits), fileOpt).parsed);
    graphPatch(model, nextModel);
    (useCache ? cached : uncached).push(performance.now() - t0);
    (useCache ? cachedCpu : uncachedCpu).push(cpuMs() - c0);
  }
  // The patch's share: nodes compared in place now, against serialising each one twice (before).
  const drawnJson = (v: unknown) => JSON.stringify(v, (k, x: unknown) => (k === 'range' || k === 'idRange' || k === 'nameRange' ? undefined : x));
  const patchNow: number[] = [];
  const patchJson: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    let t0 = performance.now();
    graphPatch(model, edited);
    patchNow.push(performance.now() - t0);
    t0 = performance.now();
    for (let i = 0; i < model.nodes.length; i++) if (drawnJson(model.nodes[i]) !== drawnJson(edited.nodes[i])) break;
    for (let i = 0; i < model.edges.length; i++) if (drawnJson(model.edges[i]) !== drawnJson(edited.edges[i])) break;
    patchJson.push(performance.now() - t0);
  }
  console.log(`host per edit (editor path, same runs): without step cache ${median(uncached).toFixed(0)} ms (CPU ${median(uncachedCpu).toFixed(0)} ms), with it ${median(cached).toFixed(0)} ms (CPU ${median(cachedCpu).toFixed(0)} ms); graph patch ${median(patchNow).toFixed(1)} ms (its comparisons as JSON, as before: ${median(patchJson).toFixed(1)} ms)`);
  if (process.argv.includes('--host-only')) return;

  const dist = await bundles();
  // --before <git rev>: the webview of that revision, built the same way and measured in the same runs.
  const beforeRev = argStr('before');
  if (beforeRev) {
    const src = mkdtempSync(join(tmpdir(), 'ansflow-graph-bench-before-'));
    // The page imports core modules too (graph patches, statuses): the revision's own `src` with it.
    execFileSync('sh', ['-c', `git archive ${JSON.stringify(beforeRev)} webview src | tar -x -C ${JSON.stringify(src)}`]);
    await esbuild.build({
      bundle: true, platform: 'browser', format: 'iife', target: 'es2022', minify: true, logLevel: 'error', jsx: 'automatic', jsxImportSource: 'preact',
      nodePaths: [join(process.cwd(), 'node_modules')],
      entryPoints: { graph: join(src, 'webview/graph/main.tsx'), 'graph-layout': join(src, 'webview/graph-layout/main.tsx') },
      outdir: join(dist, 'before'),
    });
  }
  const NONCE = 'YmVuY2g=';
  const html = (prefix: string) => `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${NONCE}'; script-src 'nonce-${NONCE}'; connect-src 'self'; worker-src blob:">
<style nonce="${NONCE}">html,body,#root{height:100%;margin:0} .app,.main{display:flex;height:100%} .canvas-wrap{flex:1;display:flex;flex-direction:column} .canvas{flex:1}</style>
<script nonce="${NONCE}">window.acquireVsCodeApi = () => ({ postMessage() {}, getState() {}, setState() {} }); window.__name = (f) => f; /* tsx keeps function names in evaluate()d code */</script></head>
<body><div id="root" data-worker="/${prefix}graph-layout.js"></div><script nonce="${NONCE}" src="/${prefix}graph.js"></script><script nonce="${NONCE}" src="/engines.js"></script></body></html>`;
  const server = createServer((req, res) => {
    const name = req.url?.slice(1) ?? '';
    if (['graph.js', 'graph-layout.js', 'engines.js', 'before/graph.js', 'before/graph-layout.js'].includes(name)) {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(readFileSync(join(dist, name)));
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(html(name === 'before' ? 'before/' : ''));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({ executablePath: process.env.ANSFLOW_TEST_CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'], headless: true });
  const graphJson = JSON.parse(JSON.stringify(model));
  const editedJson = JSON.parse(JSON.stringify(edited));
  type Times = { quick: number; elk: number; update: number; elkAlone: number; dagreAlone: number };
  const variants = beforeRev ? ['', 'before'] : [''];
  const results = new Map<string, Times[]>(variants.map((v) => [v, []]));
  try {
    for (let r = 0; r < RUNS; r++) {
      // Alternate who goes first, so neither side always meets a warmer or busier machine.
      for (const variant of r % 2 ? [...variants].reverse() : variants) {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        await page.goto(`http://127.0.0.1:${port}/${variant}`);
        await page.waitForFunction(() => typeof (window as unknown as { benchElk?: unknown }).benchElk === 'function');
        // Warm the layout worker so the first measured layout is not the worker's start-up.
        await page.evaluate(() => window.postMessage({ type: 'graph', version: 0, graph: { nodes: [], edges: [], layers: [], cycles: [] } }, '*'));
        const times = await page.evaluate(
          async ({ graph, next, baselines }) => {
            const paint = () => new Promise<number>((res) => requestAnimationFrame(() => setTimeout(() => res(performance.now()), 0)));
            const until = async (cond: () => boolean) => {
              while (!cond()) await new Promise((res) => requestAnimationFrame(res));
              return paint();
            };
            const root = document.getElementById('root')!;
            const t0 = performance.now();
            window.postMessage({ type: 'graph', version: 1, graph }, '*');
            const tQuick = await until(() => document.querySelectorAll('[data-node]').length === graph.nodes.length);
            const tElk = await until(() => root.dataset.layout === 'elk');
            const t1 = performance.now();
            const before = Number(root.dataset.layouts ?? 0);
            window.postMessage({ type: 'graph', version: 2, graph: next }, '*');
            const tUpd = await until(() => Number(root.dataset.layouts ?? 0) > before);
            if (!baselines) return { quick: tQuick - t0, elk: tElk - t0, update: tUpd - t1, elkAlone: NaN, dagreAlone: NaN };
            const w = window as unknown as { benchElk(m: unknown): Promise<number>; benchDagre(m: unknown): number };
            const e0 = performance.now();
            await w.benchElk(graph);
            const e1 = performance.now();
            w.benchDagre(graph);
            const d1 = performance.now();
            return { quick: tQuick - t0, elk: tElk - t0, update: tUpd - t1, elkAlone: e1 - e0, dagreAlone: d1 - e1 };
          },
          { graph: graphJson, next: editedJson, baselines: BASELINES && variant === '' },
        );
        results.get(variant)!.push(times);
        await page.close();
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  const f = (xs: number[]) => `${median(xs).toFixed(0)} ms`;
  for (const variant of variants) {
    const t = results.get(variant)!;
    const label = variant ? `webview at ${beforeRev}` : 'webview';
    console.log(`${label} (median of ${RUNS}): first paint ${f(t.map((x) => x.quick))}; ELK layout (worker) painted ${f(t.map((x) => x.elk))}; single edit laid out and painted ${f(t.map((x) => x.update))}`);
  }
  const now = results.get('')!;
  if (BASELINES) {
    const elkAlone = now.map((x) => x.elkAlone);
    const dagreAlone = now.map((x) => x.dagreAlone);
    console.log(`layout alone on the main thread: ELK ${f(elkAlone)}, dagre ${f(dagreAlone)} (ELK/dagre ${(median(elkAlone) / median(dagreAlone)).toFixed(2)}×)`);
  }
}

void main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
