// (integration, chromium) The Resources webview's built bundle in headless Chromium under the editor's strict
// CSP, with a recording acquireVsCodeApi: it draws a real ResourcesModel's view (top-N, tables, sparklines),
// asks the host for another sort or top-N when clicked, redraws in the host's order, and drops malformed messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildWebviewBundle } from './webviewBundle.js';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath, requireEngine, testResultsDir } from '../engines.js';
import { RESOURCES_CSS } from '../../../webview/resources/resourcesCss.js';
import { ResourcesModel, type ResourceRow } from '../../../src/core/observability/metrics/index.js';

const NONCE = 'dGVzdG5vbmNl';
const CSP = `default-src 'none'; style-src 'self' 'nonce-${NONCE}'; script-src 'nonce-${NONCE}'`;
const THEME = `body { --vscode-font-family: sans-serif; --vscode-font-size: 13px; --vscode-foreground: #ccc; background: #1e1e1e; --vscode-descriptionForeground: #999;
  --vscode-button-background: #0e639c; --vscode-button-foreground: #fff; --vscode-button-secondaryBackground: #3a3d41; --vscode-button-secondaryForeground: #ccc;
  --vscode-errorForeground: #f48771; --vscode-textLink-foreground: #3794ff; --vscode-charts-blue: #3794ff; --vscode-charts-purple: #b180d7; }`;

const page = () => `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}">
<style nonce="${NONCE}">${THEME}${RESOURCES_CSS}</style>
<script nonce="${NONCE}">
window.__sent = [];
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__sent.push(JSON.parse(JSON.stringify(m))) });
</script></head><body><div id="root"></div><script nonce="${NONCE}" src="/resources.js"></script></body></html>`;

const pod = (name: string, cpu: number, mem: number): ResourceRow => ({ key: `pod:shop/${name}`, kind: 'pod', name, namespace: 'shop', cpuMillicores: cpu, memoryBytes: mem });

test('(integration) resources webview: top-N, sorted tables and sparklines drawn; column and top-N clicks ask the host; bad messages dropped', async (t) => {
  if (!requireEngine(t, 'chromium')) return;
  const out = await buildWebviewBundle({ resources: 'webview/resources/main.tsx' }, 'ansflow-resources-webview-');
  const server = createServer((req, res) => {
    if (req.url === '/resources.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return void res.end(readFileSync(join(out, 'resources.js')));
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...chromiumArgs], headless: true });
  t.after(() => browser.close());
  const p = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  const consoleErrors: string[] = [];
  p.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  await p.goto(`http://127.0.0.1:${server.address() && (server.address() as AddressInfo).port}/`);
  const sent = () => p.evaluate(() => (window as unknown as { __sent: unknown[] }).__sent);
  await p.waitForFunction(() => (window as unknown as { __sent: Array<{ type: string }> }).__sent.some((m) => m.type === 'ready'));
  const post = (m: unknown) => p.evaluate((msg) => window.postMessage(msg, '*'), m);

  // Twelve readings of a namespace, as the panel would take them.
  let n = 0;
  const model = new ResourcesModel('Namespace shop', async () => {
    n++;
    return { time: Date.parse('2026-12-01T10:00:00Z') + n * 5000, source: 'kubelet-summary', rows: [pod('web-1', 100 + n * 10, 50e6), pod('db-0', 40, 300e6 + n * 1e6), pod('cache', 5, 20e6), { key: 'node:n1', kind: 'node', name: 'n1', cpuMillicores: 900, memoryBytes: 4e9 }] };
  });
  for (let i = 0; i < 12; i++) await model.poll(new AbortController().signal);
  await post({ type: 'view', view: model.view() });
  await p.waitForSelector('section[data-table="Pods"] tbody tr');
  const podNames = () => p.locator('section[data-table="Pods"] tbody tr td:nth-child(1)').allTextContents();
  assert.deepEqual(await podNames(), ['web-1', 'db-0', 'cache'], 'by CPU, highest first');
  assert.match((await p.locator('section[data-top="cpu"]').textContent())!, /Top 5 pods by CPU1\.web-1220m2\.db-040m/);
  assert.match((await p.locator('section[data-top="memory"] tbody tr').first().textContent())!, /db-0/);
  assert.match((await p.locator('section[data-table="Nodes"]').textContent())!, /n1/);
  const points = await p.locator('section[data-table="Pods"] tbody tr').first().locator('svg.spark.cpu polyline').getAttribute('points');
  assert.equal(points!.split(' ').length, 12, 'one point per reading');
  assert.match((await p.locator('.status').first().textContent())!, /kubelet Summary API · .* · last 15 min/);

  await p.locator('section[data-table="Pods"] th button', { hasText: 'Memory' }).click();
  await p.waitForFunction(() => (window as unknown as { __sent: Array<{ type: string }> }).__sent.some((m) => m.type === 'sort'));
  assert.deepEqual((await sent()).at(-1), { type: 'sort', by: 'memory', dir: 'desc' });
  assert.deepEqual(await podNames(), ['web-1', 'db-0', 'cache'], 'the page does not sort by itself');
  model.sort = { by: 'memory', dir: 'desc' };
  await post({ type: 'view', view: model.view() });
  await p.waitForFunction(() => document.querySelector('section[data-table="Pods"] tbody tr td')?.textContent === 'db-0');
  assert.deepEqual(await podNames(), ['db-0', 'web-1', 'cache']);
  await p.locator('section[data-table="Pods"] th button', { hasText: 'Memory' }).click();
  assert.deepEqual((await sent()).at(-1), { type: 'sort', by: 'memory', dir: 'asc' }, 'a second click flips the direction');

  await p.getByRole('button', { name: '10', exact: true }).click();
  assert.deepEqual((await sent()).at(-1), { type: 'topN', n: 10 });

  await post({ type: 'view', view: { ...model.view(), source: 'prometheus', pods: [] } });
  await post({ type: 'view', view: { ...model.view(), error: 'connect ECONNREFUSED 127.0.0.1:6443' } });
  await p.waitForSelector('.error');
  assert.deepEqual(await podNames(), ['db-0', 'web-1', 'cache'], 'the malformed view was dropped, the next drawn');
  await p.screenshot({ path: join(testResultsDir(), 'resources-webview.png') });
  // Past the rows a table sends (TABLE_ROWS), the page says how many more there are.
  await post({ type: 'view', view: { ...model.view(), omitted: { nodes: 0, pods: 1234, containers: 0 } } });
  await p.waitForSelector('section[data-table="Pods"] [data-omitted]');
  assert.match((await p.locator('section[data-table="Pods"] [data-omitted]').textContent())!, /1,234 more not shown/);
  assert.equal(await p.locator('section[data-table="Nodes"] [data-omitted]').count(), 0);
  assert.deepEqual(consoleErrors, []);
});
