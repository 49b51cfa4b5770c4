// (integration, chromium) The graph editor's webview bundle in headless Chromium, under the same strict CSP
// as in VS Code (nonce scripts, the layout worker only from a blob:), with a recording acquireVsCodeApi:
// what it draws from a host message, and the messages it posts for clicks, keys and drags.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildWebviewBundle, GRAPH_ENTRIES, sentOfType } from './webviewBundle.js';
import { chromium, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath, requireEngine, testResultsDir } from '../engines.js';
import { parsePipeline } from '../../../src/core/pipeline/index.js';
import { buildGraphModel, graphPatch } from '../../../src/core/graph/index.js';
import { GRAPH_CSS } from '../../../webview/graph/graphCss.js';
import { drawnEdges } from '../../../webview/graph/layout.js';

const NONCE = 'dGVzdG5vbmNl';
const CSP = `default-src 'none'; style-src 'self' 'nonce-${NONCE}'; script-src 'nonce-${NONCE}'; connect-src 'self'; worker-src blob:`;
// A dark theme's variables, as VS Code injects them, so the screenshot looks like the editor.
const THEME = `body { --vscode-font-family: sans-serif; --vscode-font-size: 13px; --vscode-foreground: #ccc; --vscode-editor-background: #1e1e1e;
  --vscode-editorWidget-background: #252526; --vscode-panel-border: #444; --vscode-descriptionForeground: #999; --vscode-focusBorder: #007fd4;
  --vscode-button-background: #0e639c; --vscode-button-foreground: #fff; --vscode-button-secondaryBackground: #3a3d41; --vscode-button-secondaryForeground: #ccc;
  --vscode-testing-iconPassed: #73c991; --vscode-testing-iconFailed: #f14c4c; --vscode-charts-blue: #3794ff; --vscode-badge-background: #4d4d4d;
  --vscode-badge-foreground: #fff; --vscode-errorForeground: #f48771; --vscode-editorWarning-foreground: #cca700; --vscode-inputValidation-errorBackground: #5a1d1d; }`;

function buildBundles(): Promise<string> {
  return buildWebviewBundle(GRAPH_ENTRIES, 'ansflow-graph-webview-');
}

function page(css: string, state: unknown, initial?: unknown): string {
  const data = initial === undefined ? '' : ` data-initial="${JSON.stringify(initial).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}"`;
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}">
<style nonce="${NONCE}">${THEME}${css}</style>
<script nonce="${NONCE}">
window.__sent = []; window.__state = ${JSON.stringify(state)};
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__sent.push(JSON.parse(JSON.stringify(m))), getState: () => window.__state, setState: (s) => { window.__state = s; } });
</script></head><body><div id="root" data-worker="/graph-layout.js"${data}></div><script nonce="${NONCE}" src="/graph.js"></script></body></html>`;
}

async function sent(p: Page): Promise<Array<Record<string, unknown>>> {
  return p.evaluate(() => (window as unknown as { __sent: Array<Record<string, unknown>> }).__sent);
}

const waitSent = sentOfType;

let bundles: Promise<string> | undefined;

/** The webview page served under the strict CSP, loaded in headless Chromium; `state()` is what getState returns on a load. */
async function openGraphPage(t: TestContext, state: () => unknown, initial?: unknown): Promise<{ p: Page; cspErrors: string[] }> {
  bundles ??= buildBundles();
  const dist = await bundles;
  const server = createServer((req, res) => {
    if (req.url === '/graph.js' || req.url === '/graph-layout.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(readFileSync(join(dist, req.url)));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page(GRAPH_CSS, state(), initial));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...chromiumArgs], headless: true });
  t.after(() => browser.close());
  const p = await browser.newPage({ viewport: { width: 1100, height: 560 } });
  const cspErrors: string[] = [];
  p.on('console', (m) => m.type() === 'error' && cspErrors.push(m.text()));
  await p.goto(`http://127.0.0.1:${port}/`);
  await waitSent(p, 'ready');
  return { p, cspErrors };
}

test('(integration) graph webview: renders the host graph with ELK in a worker, posts edits for clicks, keys and drags', async (t) => {
  if (!requireEngine(t, 'chromium')) return;
  let state: unknown = null;
  const { p, cspErrors } = await openGraphPage(t, () => state);

  const text = readFileSync('examples/data-pipeline.ansflow.yaml', 'utf8');
  const graph = JSON.parse(JSON.stringify(buildGraphModel(parsePipeline(text, { file: join(process.cwd(), 'examples/data-pipeline.ansflow.yaml') }))));
  const post = (m: unknown) => p.evaluate((msg) => window.postMessage(msg, '*'), m);
  await post({ type: 'palette', entries: [{ type: 'shell' }, { type: 'docker.build' }] });
  await post({ type: 'graph', graph, version: 1 });
  await p.waitForFunction((n) => document.querySelectorAll('[data-node]').length === n, graph.nodes.length);
  // The ELK layout arrives from the worker (blob: URL under the strict CSP), replacing the quick columns.
  await p.waitForFunction(() => document.getElementById('root')!.dataset.layout === 'elk');
  assert.deepEqual(cspErrors.filter((e) => /Content Security Policy/i.test(e)), []);

  const first = graph.nodes[0] as { id: string; name: string };
  const matrixNode = (graph.nodes as Array<{ id: string; matrix?: { count: number } }>).find((n) => n.matrix)!;
  assert.ok(matrixNode, 'the example has a matrix step');
  const label = await p.locator(`[data-node="${first.id}"]`).getAttribute('aria-label');
  assert.match(label!, new RegExp(`^Step ${first.name}, type `));
  assert.equal(await p.locator(`[data-node="${matrixNode.id}"] .matrix text`).textContent(), `×${matrixNode.matrix!.count}`);
  assert.match((await p.locator(`[data-node="${matrixNode.id}"]`).getAttribute('aria-label'))!, new RegExp(`${matrixNode.matrix!.count} matrix instances`));

  // Click selects and asks the host to reveal the YAML.
  await p.locator(`[data-node="${first.id}"] .box`).click();
  assert.deepEqual((await waitSent(p, 'select')).at(-1), { type: 'select', id: first.id });

  // Keyboard: ArrowRight moves to a step in a later column; Delete, F2 and Ctrl+D ask for edits.
  await p.keyboard.press('ArrowRight');
  // The new selection reaches the DOM on Preact's next render, which a loaded machine may delay.
  await p.waitForFunction((from) => { const s = document.getElementById('root')!.dataset.selected; return !!s && s !== from; }, first.id);
  const moved = await p.evaluate(() => document.getElementById('root')!.dataset.selected);
  assert.ok(moved && moved !== first.id, `selection moved to ${moved}`);
  await p.keyboard.press('Delete');
  assert.deepEqual((await waitSent(p, 'deleteStep')).at(-1), { type: 'deleteStep', id: moved });
  await p.keyboard.press('F2');
  assert.deepEqual((await waitSent(p, 'renameStep')).at(-1), { type: 'renameStep', id: moved });
  await p.keyboard.press('Control+d');
  assert.deepEqual((await waitSent(p, 'duplicateStep')).at(-1), { type: 'duplicateStep', id: moved });

  // Palette click adds a step after the selection.
  await p.locator('button.pal[data-type="docker.build"]').click();
  assert.deepEqual((await waitSent(p, 'addStep')).at(-1), { type: 'addStep', stepType: 'docker.build', needs: [moved] });

  // Drag from a node's port onto another node: a needs edge request.
  const last = graph.nodes[graph.nodes.length - 1] as { id: string };
  const portBox = (await p.locator(`[data-node="${first.id}"] .port`).boundingBox())!;
  const targetBox = (await p.locator(`[data-node="${last.id}"] .box`).boundingBox())!;
  await p.mouse.move(portBox.x + portBox.width / 2, portBox.y + portBox.height / 2);
  await p.mouse.down();
  await p.mouse.move(targetBox.x + 20, targetBox.y + 20, { steps: 5 });
  await p.mouse.up();
  assert.deepEqual((await waitSent(p, 'addNeed')).at(-1), { type: 'addNeed', from: first.id, to: last.id });

  // Live statuses colour the nodes.
  await post({ type: 'status', statuses: { [first.id]: 'succeeded', [matrixNode.id]: 'failed' } });
  await p.waitForFunction((id) => document.querySelector(`[data-node="${id}"]`)?.classList.contains('st-failed'), matrixNode.id);
  assert.match((await p.locator(`[data-node="${matrixNode.id}"]`).getAttribute('aria-label'))!, /failed/);
  await p.screenshot({ path: join(testResultsDir(), 'graph-webview.png') });
  // A node with a status opens its log on double click; the context menu runs from it.
  await p.locator(`[data-node="${matrixNode.id}"] .box`).dblclick();
  assert.deepEqual((await waitSent(p, 'openLog')).at(-1), { type: 'openLog', id: matrixNode.id });
  await p.locator(`[data-node="${matrixNode.id}"] .box`).click({ button: 'right' });
  await p.locator('.menu [role="menuitem"]', { hasText: 'Run from here' }).click();
  assert.deepEqual((await waitSent(p, 'runFrom')).at(-1), { type: 'runFrom', id: matrixNode.id });
  assert.equal(await p.locator('.menu').count(), 0, 'the menu closes after a choice');
  await p.locator(`[data-node="${first.id}"] .box`).click({ button: 'right' });
  await p.locator('.menu [role="menuitem"]', { hasText: 'Rerun failed steps' }).click();
  assert.deepEqual((await waitSent(p, 'rerunFailed')).at(-1), { type: 'rerunFailed' });

  // A step added by the host: the graph is re-sent twice with the same structure while ELK works (as the
  // host does when diagnostics follow an edit); the new node must still get its ELK position.
  const layouts = Number(await p.evaluate(() => document.getElementById('root')!.dataset.layouts));
  const placeOf = () => p.evaluate(() => Object.fromEntries(Array.from(document.querySelectorAll('[data-node]')).map((g) => [g.getAttribute('data-node'), g.getAttribute('transform')])));
  const placesBefore = await placeOf();
  const extra = { ...graph.nodes[0], id: 'added', name: 'added', idRange: { start: 0, end: 0 } };
  const grown = { ...graph, nodes: [...graph.nodes, extra], edges: [...graph.edges, { from: last.id, to: 'added', range: { start: 0, end: 0 }, onCycle: false }] };
  await post({ type: 'graph', graph: grown, version: 4 });
  await post({ type: 'graph', graph: JSON.parse(JSON.stringify(grown)), version: 4 });
  await p.waitForFunction((n) => Number(document.getElementById('root')!.dataset.layouts) > n, layouts);
  await p.locator('[data-node="added"]').waitFor({ state: 'visible' });
  // The edit is laid out incrementally: every step already drawn stays exactly where it was.
  const placesAfter = await placeOf();
  for (const [id, where] of Object.entries(placesBefore)) assert.equal(placesAfter[id!], where, `${id} did not move`);
  await post({ type: 'graph', graph, version: 5 });
  await p.waitForFunction((n) => document.querySelectorAll('[data-node]').length === n, graph.nodes.length);

  // Unparsable text: last good graph, a banner, no ports, palette off, Delete posts nothing.
  await post({ type: 'graph', graph, version: 2, error: 'line 3: bad indentation' });
  await p.locator('.banner.error').waitFor();
  assert.equal(await p.locator('.port').count(), 0);
  assert.equal(await p.locator('button.pal[data-type="shell"]').isDisabled(), true);
  const before = (await sent(p)).length;
  await p.locator(`[data-node="${first.id}"] .box`).click();
  await p.keyboard.press('Delete');
  await waitSent(p, 'select', (await sent(p)).filter((m) => m.type === 'select').length);
  assert.deepEqual((await sent(p)).slice(before).map((m) => m.type), ['select']);

  // A tall, narrow pane (an editor split beside the text) lays out top to bottom.
  await post({ type: 'graph', graph, version: 6 });
  await p.setViewportSize({ width: 420, height: 1000 });
  await p.waitForFunction(() => {
    const [a, b] = Array.from(document.querySelectorAll('[data-node]')).map((g) => g.getBoundingClientRect());
    return document.getElementById('root')!.dataset.layout === 'elk' && a && b && b.top > a.bottom;
  });
  await p.screenshot({ path: join(testResultsDir(), 'graph-webview-narrow.png') });
  await p.setViewportSize({ width: 1100, height: 560 });
  await p.waitForFunction(() => {
    const [a, b] = Array.from(document.querySelectorAll('[data-node]')).map((g) => g.getBoundingClientRect());
    return document.getElementById('root')!.dataset.layout === 'elk' && a && b && b.left > a.right;
  });

  // State survives a reload: selection and viewport come back from getState.
  state = await p.evaluate(() => (window as unknown as { __state: unknown }).__state);
  assert.equal((state as { selected?: string }).selected, first.id);
  const placesShown = await placeOf();
  await p.reload();
  await waitSent(p, 'ready');
  // What the root names as its layout when the first node is added: a mutation observer runs before any
  // later task, so this is the layout drawn with the nodes, not one written a frame after them.
  await p.evaluate(() => {
    const root = document.getElementById('root')!;
    new MutationObserver((_, observer) => {
      if (!root.querySelector('[data-node]')) return;
      (window as unknown as { __layoutAtFirstNode?: string }).__layoutAtFirstNode = root.dataset.layout ?? '';
      observer.disconnect();
    }).observe(root, { childList: true, subtree: true });
  });
  await post({ type: 'graph', graph, version: 3 });
  // The layout came back with the state: the first one drawn is ELK's (no quick columns), every step where it was.
  await p.waitForFunction(() => document.querySelectorAll('[data-node]').length > 0);
  assert.equal(await p.evaluate(() => (window as unknown as { __layoutAtFirstNode?: string }).__layoutAtFirstNode), 'elk');
  assert.equal(await p.evaluate(() => document.getElementById('root')!.dataset.layout), 'elk');
  await p.waitForFunction((id) => document.querySelector(`[data-node="${id}"]`)?.getAttribute('aria-pressed') === 'true', first.id);
  assert.deepEqual(await placeOf(), placesShown);

  // The last run's critical path: its steps and the needs between them marked, its length in the toolbar.
  const chain = (graph.edges as Array<{ from: string; to: string }>)[0]!;
  await post({ type: 'critical', ids: [chain.from, chain.to], totalMs: 61_000, runId: 'r1' });
  await p.locator('.critical-note').waitFor();
  assert.match((await p.locator('.critical-note').textContent())!, /critical path 1 min 1 s \(2 steps\)/);
  assert.deepEqual(await p.locator('.node.critical').evaluateAll((els) => els.map((e) => e.getAttribute('data-node'))), (graph.nodes as Array<{ id: string }>).map((n) => n.id).filter((id) => id === chain.from || id === chain.to));
  assert.equal(await p.locator(`[data-edge="${chain.from}>${chain.to}"].critical`).count(), 1);
  assert.match((await p.locator(`[data-node="${chain.to}"]`).getAttribute('aria-label'))!, /on the critical path/);
  await post({ type: 'critical', ids: [], totalMs: 0 });
  await p.waitForFunction(() => !document.querySelector('.critical-note'));

  // A big graph: a minimap, boxes without text while zoomed far out, and once zoomed in only the steps in view.
  const bigText = ['version: 1', 'steps:', ...Array.from({ length: 300 }, (_, i) => `  s${i}:\n    type: shell\n${i >= 10 ? `    needs: [s${i - 10}]\n` : ''}    with: { run: x }`)].join('\n');
  const big = JSON.parse(JSON.stringify(buildGraphModel(parsePipeline(`${bigText}\n`, { file: '/ws/big.ansflow.yaml' }))));
  await p.waitForFunction(() => document.getElementById('root')!.dataset.layout === 'elk');
  const laidOut = Number(await p.evaluate(() => document.getElementById('root')!.dataset.layouts ?? 0));
  await post({ type: 'graph', graph: big, version: 20 });
  await p.waitForFunction((n) => Number(document.getElementById('root')!.dataset.layouts ?? 0) > n, laidOut, { timeout: 120_000 });
  await p.getByRole('button', { name: 'Fit the graph' }).click();
  await p.locator('.minimap').waitFor();
  await p.waitForFunction((n) => document.querySelectorAll('[data-node]').length === n && !document.querySelector('[data-node] .name'), big.nodes.length);
  // Far out each step is one rect, still the labelled button, and the edges share a few paths.
  assert.equal(await p.locator('rect.far[data-node]').count(), big.nodes.length);
  assert.equal(await p.locator('[data-node="s12"]').getAttribute('aria-label'), 'Step s12, type shell');
  assert.equal(await p.locator('[data-edge]').count(), 0);
  const sharedEdges = await p.locator('[data-edges]').evaluateAll((els) => els.reduce((n, e) => n + Number(e.getAttribute('data-edges')), 0));
  assert.equal(sharedEdges, drawnEdges(big).length);
  // A click on a shared path selects the edge drawn there (the middle of the first one), and Delete removes that need.
  const firstEdge = drawnEdges(big)[0]!;
  const mid = await p.locator('[data-edges]').first().evaluate((el) => {
    const one = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    one.setAttribute('d', el.getAttribute('d')!.split(/(?=M)/)[0]!);
    el.parentNode!.appendChild(one);
    const pt = one.getPointAtLength(one.getTotalLength() / 2);
    one.remove();
    const m = (el as SVGPathElement).getScreenCTM()!;
    return { x: pt.x * m.a + m.e, y: pt.y * m.d + m.f };
  });
  await p.mouse.click(mid.x, mid.y);
  await p.locator('path.edge.selected[data-edges="1"]').waitFor({ state: 'attached' });
  await p.locator('svg.canvas').focus();
  await p.keyboard.press('Delete');
  assert.deepEqual((await waitSent(p, 'removeNeed')).at(-1), { type: 'removeNeed', from: firstEdge.from, to: firstEdge.to });
  await p.screenshot({ path: join(testResultsDir(), 'graph-webview-far.png') });
  // A click on a step selects it; the arrow keys move the selection and the focus to a neighbour.
  const selects = (await sent(p)).filter((m) => m.type === 'select').length;
  await p.locator('[data-node="s12"]').click();
  assert.deepEqual((await waitSent(p, 'select', selects + 1)).at(-1), { type: 'select', id: 's12' });
  await p.keyboard.press('ArrowRight');
  await p.waitForFunction(() => {
    const a = document.activeElement;
    return !!a && a.classList.contains('far') && a.getAttribute('data-node') !== 's12' && a.getAttribute('aria-pressed') === 'true';
  });
  for (let i = 0; i < 12; i++) await p.getByRole('button', { name: 'Zoom in', exact: true }).click();
  await p.waitForFunction((n) => { const c = document.querySelectorAll('[data-node]').length; return c > 0 && c < n && !!document.querySelector('[data-node] .name'); }, big.nodes.length);
  // Pressing the minimap's far corner brings the last steps into view.
  const map = (await p.locator('.minimap').boundingBox())!;
  await p.mouse.click(map.x + map.width - 3, map.y + map.height - 3);
  await p.locator('[data-node="s299"]').waitFor();
  await p.screenshot({ path: join(testResultsDir(), 'graph-webview-big.png') });
});

test('(integration) graph webview: jobs are labelled boxes (matrix count), job needs one edge between boxes; drops and drags into a job name it', async (t) => {
  if (!requireEngine(t, 'chromium')) return;
  const file = join(process.cwd(), 'examples/matrix-ci.ansflow.yaml');
  const graph = JSON.parse(JSON.stringify(buildGraphModel(parsePipeline(readFileSync(file, 'utf8'), { file }))));
  // The graph written into the page is drawn without any message from the host.
  const { p, cspErrors } = await openGraphPage(t, () => null, { type: 'graph', graph, version: 1 });
  await p.waitForFunction(() => document.getElementById('root')!.dataset.layout === 'elk');
  const post = (m: unknown) => p.evaluate((msg) => window.postMessage(msg, '*'), m);
  await post({ type: 'palette', entries: [{ type: 'shell' }] });
  assert.deepEqual(cspErrors.filter((e) => /Content Security Policy/i.test(e)), []);
  const groups = graph.groups as Array<{ id: string; steps: string[]; matrix?: { count: number } }>;
  assert.deepEqual(await p.locator('[data-group]').evaluateAll((els) => els.map((e) => e.getAttribute('data-group'))), groups.map((g) => g.id));
  const test = groups.find((g) => g.matrix)!;
  assert.match((await p.locator(`[data-group="${test.id}"] .group-name`).textContent())!, new RegExp(`${test.id}\\s+×${test.matrix!.count}`));
  assert.match((await p.locator(`[data-group="${test.id}"]`).getAttribute('aria-label'))!, new RegExp(`^Job ${test.id}, ${test.steps.length} steps, ${test.matrix!.count} matrix instances`));
  // Each step of a job is drawn inside its box.
  for (const g of groups) {
    const box = (await p.locator(`[data-group="${g.id}"] .group-box`).boundingBox())!;
    for (const id of g.steps) {
      const b = (await p.locator(`[data-node="${id}"] .box`).boundingBox())!;
      assert.ok(b.x >= box.x && b.y >= box.y && b.x + b.width <= box.x + box.width + 0.5 && b.y + b.height <= box.y + box.height + 0.5, `${id} inside ${g.id}`);
    }
  }
  // A job need is one edge between the boxes; the step edges it stands for are not drawn.
  const drawn = await p.locator('[data-edge]').evaluateAll((els) => els.map((e) => e.getAttribute('data-edge')));
  for (const e of graph.groupEdges as Array<{ from: string; to: string }>) assert.ok(drawn.includes(`${e.from}>${e.to}`), `${e.from}>${e.to} drawn`);
  for (const e of graph.edges as Array<{ from: string; to: string; via?: string }>) assert.equal(drawn.includes(`${e.from}>${e.to}`), e.via !== 'job', `${e.from}>${e.to}`);
  await p.screenshot({ path: join(testResultsDir(), 'graph-webview-jobs.png') });

  // Selecting the job edge and pressing Delete asks to remove the job's need.
  const jobEdge = (graph.groupEdges as Array<{ from: string; to: string }>).find((e) => e.to === test.id)!;
  await p.locator(`[data-edge="${jobEdge.from}>${jobEdge.to}"]`).dispatchEvent('click');
  await p.locator('svg.canvas').focus();
  await p.keyboard.press('Delete');
  assert.deepEqual((await waitSent(p, 'removeNeed')).at(-1), { type: 'removeNeed', from: jobEdge.from, to: jobEdge.to });
  // A click on the box reveals the job; the palette then adds into it.
  const box = (await p.locator(`[data-group="${test.id}"] .group-box`).boundingBox())!;
  await p.mouse.click(box.x + 6, box.y + 6);
  assert.deepEqual((await waitSent(p, 'select')).at(-1), { type: 'select', id: test.id });
  await p.locator('button.pal[data-type="shell"]').click();
  assert.deepEqual((await waitSent(p, 'addStep')).at(-1), { type: 'addStep', stepType: 'shell', job: test.id });
  // Palette onto a step of a job: after it, in that job.
  const inJob = test.steps[0]!;
  await p.locator(`[data-node="${inJob}"] .box`).click();
  await p.locator('button.pal[data-type="shell"]').click();
  assert.deepEqual((await waitSent(p, 'addStep', 2)).at(-1), { type: 'addStep', stepType: 'shell', needs: [inJob], job: test.id });
  // Dragging from a step's port onto a job's box (not onto one of its steps) asks for a job need.
  const outside = (graph.nodes as Array<{ id: string; job?: string }>).find((n) => !n.job)!;
  const port = (await p.locator(`[data-node="${outside.id}"] .port`).boundingBox())!;
  const target = (await p.locator(`[data-group="${test.id}"] .group-box`).boundingBox())!;
  await p.mouse.move(port.x + port.width / 2, port.y + port.height / 2);
  await p.mouse.down();
  await p.mouse.move(target.x + 6, target.y + 6, { steps: 5 });
  await p.mouse.up();
  assert.deepEqual((await waitSent(p, 'addNeed')).at(-1), { type: 'addNeed', from: outside.id, to: test.id });

  // A small edit arrives as a patch of the version shown: the new step is drawn in its job.
  const text = readFileSync(file, 'utf8');
  const grownText = text.replace('  report:\n    needs: test\n    steps:\n', '  report:\n    needs: test\n    steps:\n      notes: {type: shell, with: {run: echo}}\n');
  assert.notEqual(grownText, text);
  const grown = buildGraphModel(parsePipeline(grownText, { file }));
  const patch = JSON.parse(JSON.stringify(graphPatch(graph, grown)));
  const readies = (await sent(p)).filter((m) => m.type === 'ready').length;
  await post({ type: 'graphPatch', base: 1, version: 2, patch });
  await p.locator('[data-node="notes"]').waitFor();
  assert.equal(await p.locator('[data-group="report"] .group-box').count(), 1);
  // A patch of a version the page does not hold: it asks for the whole graph again.
  await post({ type: 'graphPatch', base: 1, version: 3, patch });
  await waitSent(p, 'ready', readies + 1);
});

test('(integration) graph webview: a step the debugger holds is drawn paused (dashed, labelled) over its run status, and goes back when released', async (t) => {
  if (!requireEngine(t, 'chromium')) return;
  const { p, cspErrors } = await openGraphPage(t, () => null);
  const text = 'version: 1\nsteps:\n  build:\n    type: shell\n    with: { run: x }\n  deploy:\n    type: shell\n    needs: build\n    with: { run: x }\n';
  const graph = JSON.parse(JSON.stringify(buildGraphModel(parsePipeline(text, { file: '/ws/paused.ansflow.yaml' }))));
  const post = (m: unknown) => p.evaluate((msg) => window.postMessage(msg, '*'), m);
  const classOf = (id: string) => p.locator(`[data-node="${id}"]`).getAttribute('class');
  await post({ type: 'graph', graph, version: 1 });
  await p.waitForFunction(() => document.getElementById('root')!.dataset.layout === 'elk');
  await post({ type: 'status', statuses: { build: 'succeeded', deploy: 'queued' }, runId: 'r1' });
  await post({ type: 'paused', ids: ['deploy'] });
  await p.waitForFunction(() => document.querySelector('[data-node="deploy"]')?.classList.contains('st-paused'));
  assert.match((await p.locator('[data-node="deploy"]').getAttribute('aria-label'))!, /, paused in the debugger/);
  assert.match((await classOf('build'))!, /st-succeeded/);
  // Not by colour alone: the paused box is outlined dashed.
  assert.notEqual(await p.locator('[data-node="deploy"] .box').evaluate((el) => getComputedStyle(el).strokeDasharray), 'none');
  await p.screenshot({ path: join(testResultsDir(), 'graph-webview-paused.png') });
  // A later run status does not unpause it; the release does.
  await post({ type: 'status', statuses: { build: 'succeeded', deploy: 'queued' }, runId: 'r1' });
  assert.match((await classOf('deploy'))!, /st-paused/);
  await post({ type: 'paused', ids: [] });
  await p.waitForFunction(() => document.querySelector('[data-node="deploy"]')?.classList.contains('st-queued'));
  assert.doesNotMatch((await p.locator('[data-node="deploy"]').getAttribute('aria-label'))!, /paused/);
  assert.deepEqual(cspErrors.filter((e) => /Content Security Policy/i.test(e)), []);
});

test('(integration) graph webview: a waiting gate gets Approve / Reject under its node (keyboard, labels); a click posts answerApproval and the bar goes when the host clears it', async (t) => {
  if (!requireEngine(t, 'chromium')) return;
  const { p, cspErrors } = await openGraphPage(t, () => null);
  const text = 'version: 1\nsteps:\n  build:\n    type: shell\n    with: { run: x }\n  gate:\n    type: approval\n    needs: build\n    with: { message: Ship it? }\n  deploy:\n    type: shell\n    needs: gate\n    with: { run: x }\n';
  const graph = JSON.parse(JSON.stringify(buildGraphModel(parsePipeline(text, { file: '/ws/gate.ansflow.yaml' }))));
  const post = (m: unknown) => p.evaluate((msg) => window.postMessage(msg, '*'), m);
  await post({ type: 'graph', graph, version: 1 });
  await p.waitForFunction(() => document.getElementById('root')!.dataset.layout === 'elk');
  await post({ type: 'status', statuses: { build: 'succeeded', gate: 'waiting', deploy: 'queued' }, runId: 'r1' });
  // A malformed list (an id that is not a request id) is dropped on arrival: no bar.
  await post({ type: 'approvals', approvals: [{ id: 'no spaces allowed', step: 'gate', stepId: 'gate', message: 'x' }] });
  await post({ type: 'approvals', approvals: [{ id: 'req-1', step: 'gate', stepId: 'gate', message: 'Ship it?' }] });
  const approve = p.getByRole('button', { name: 'Approve step gate: Ship it?' });
  const reject = p.getByRole('button', { name: 'Reject step gate: Ship it?' });
  await approve.waitFor();
  assert.equal(await p.locator('[data-gate]').count(), 1);
  // Under its own node, in the theme's button colours.
  const node = (await p.locator('[data-node="gate"] .box').boundingBox())!;
  const bar = (await p.locator('[data-gate="req-1"]').boundingBox())!;
  assert.ok(bar.y >= node.y + node.height - 1 && Math.abs(bar.x - node.x) < 2, JSON.stringify({ node, bar }));
  assert.equal(await approve.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(14, 99, 156)');
  await p.screenshot({ path: join(testResultsDir(), 'graph-webview-approval.png') });

  // Keyboard: Tab goes from the waiting step to its buttons; Enter on Reject answers, and the canvas does not take the key.
  await p.locator('[data-node="gate"]').focus();
  await p.keyboard.press('Tab');
  assert.equal(await approve.evaluate((el) => el === document.activeElement), true, 'Tab went from the node to Approve');
  await p.keyboard.press('Tab');
  assert.equal(await reject.evaluate((el) => el === document.activeElement), true, 'Tab went from Approve to Reject');
  await p.keyboard.press('Enter');
  assert.deepEqual((await waitSent(p, 'answerApproval')).at(-1), { type: 'answerApproval', id: 'req-1', decision: 'rejected' });
  await approve.click();
  assert.deepEqual((await waitSent(p, 'answerApproval', 2)).at(-1), { type: 'answerApproval', id: 'req-1', decision: 'approved' });
  assert.equal((await sent(p)).filter((m) => m.type === 'select').length, 0, 'a button press selected the node');
  // Answered anywhere (here, the notification or the Runs view): the host clears the list.
  await post({ type: 'approvals', approvals: [] });
  await p.waitForFunction(() => !document.querySelector('[data-gate]'));
  assert.deepEqual(cspErrors.filter((e) => /Content Security Policy/i.test(e)), []);
});
