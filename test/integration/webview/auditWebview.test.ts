// (integration, chromium) The audit log webview's built bundle in headless Chromium under the editor's strict
// CSP, with a recording acquireVsCodeApi and this test as the host (core's auditTable answers each filter the
// page asks for): the table drawn newest first, typing filters it, Open file asks the host, the note of
// records not sent, and malformed messages dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { buildWebviewBundle, sentOfType } from './webviewBundle.js';
import { chromiumArgs, chromiumPath, requireEngine, testResultsDir } from '../engines.js';
import { AUDIT_CSS } from '../../../webview/audit/auditCss.js';
import { auditTable, type AuditRecord } from '../../../src/core/observability/audit/index.js';

const NONCE = 'dGVzdG5vbmNl';
const CSP = `default-src 'none'; style-src 'self' 'nonce-${NONCE}'; script-src 'nonce-${NONCE}'`;
const THEME = `body { --vscode-font-family: sans-serif; --vscode-font-size: 13px; --vscode-foreground: #ccc; background: #1e1e1e; --vscode-editor-background: #1e1e1e;
  --vscode-descriptionForeground: #999; --vscode-button-secondaryBackground: #3a3d41; --vscode-button-secondaryForeground: #ccc; --vscode-errorForeground: #f48771;
  --vscode-input-background: #3c3c3c; --vscode-input-foreground: #ccc; --vscode-panel-border: #444; }`;

const page = () => `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}">
<style nonce="${NONCE}">${THEME}${AUDIT_CSS}</style>
<script nonce="${NONCE}">
window.__sent = [];
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__sent.push(JSON.parse(JSON.stringify(m))) });
</script></head><body><div id="root"></div><script nonce="${NONCE}" src="/audit.js"></script></body></html>`;

const FILE = '/home/ann/.local/state/ansflow/audit.jsonl';
const records: AuditRecord[] = [
  { time: '2026-12-01T10:00:01.000Z', user: 'ann', source: 'editor', action: 'scale', target: { context: 'prod', namespace: 'shop', object: 'Deployment/api' }, result: 'ok', detail: 'replicas 2 → 3' },
  { time: '2026-12-01T10:05:00.000Z', user: 'bob', source: 'cli', action: 'pipeline-run', target: { context: '/w/deploy.ansflow.yaml', object: 'deploy' }, result: 'failed', runId: 'run-7', detail: 'failed steps: build' },
  { time: '2026-12-01T10:09:30.000Z', user: 'ann', source: 'editor', action: 'helm-uninstall', target: { context: 'prod', namespace: 'shop', object: 'catalog' }, result: 'ok' },
];

test('(integration) audit webview: the table newest first; typing filters it through the host; Open file; the note of older rows; bad messages dropped', async (t) => {
  if (!requireEngine(t, 'chromium')) return;
  const out = await buildWebviewBundle({ audit: 'webview/audit/main.tsx' }, 'ansflow-audit-webview-');
  const server = createServer((req, res) => {
    const js = req.url === '/audit.js';
    res.writeHead(200, { 'content-type': js ? 'text/javascript' : 'text/html; charset=utf-8' });
    res.end(js ? readFileSync(join(out, 'audit.js')) : page());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...chromiumArgs], headless: true });
  t.after(() => browser.close());
  const p = await browser.newPage({ viewport: { width: 1100, height: 500 } });
  const consoleErrors: string[] = [];
  p.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  await p.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await sentOfType(p, 'ready');
  const post = (m: unknown) => p.evaluate((msg) => window.postMessage(msg, '*'), m);
  const table = (filter: string, max?: number) => ({ type: 'table', file: FILE, filter, ...auditTable(records, filter, max) });
  const cells = () => p.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)));

  await post(table(''));
  await p.waitForFunction(() => document.querySelectorAll('tbody tr').length === 3);
  assert.deepEqual(await p.locator('thead th').allTextContents(), ['Time (UTC)', 'User', 'Action', 'Target', 'Result', 'Run', 'Detail']);
  assert.deepEqual((await cells()).map((c) => c[2]), ['helm-uninstall', 'pipeline-run', 'scale'], 'newest first');
  assert.deepEqual((await cells())[1], ['2026-12-01 10:05:00', 'bob (cli)', 'pipeline-run', '/w/deploy.ansflow.yaml / deploy', 'failed', 'run-7', 'failed steps: build']);
  assert.match((await p.locator('.status').first().textContent())!, new RegExp(`^3 of 3 records · ${FILE}`));

  // Typing asks the host; the page draws what it answers.
  await p.getByLabel('Filter').fill('RUN-7');
  assert.deepEqual((await sentOfType(p, 'filter')).at(-1), { type: 'filter', text: 'RUN-7' });
  await post(table('RUN-7'));
  await p.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
  assert.equal((await cells())[0]![5], 'run-7');
  assert.match((await p.locator('.status').first().textContent())!, /^1 of 3 records/);
  await p.screenshot({ path: join(testResultsDir(), 'audit-webview.png') });

  await p.getByRole('button', { name: 'Open file' }).click();
  await sentOfType(p, 'openFile');

  // Malformed tables are dropped; the last good one stays.
  await post({ ...table(''), rows: [{ time: 5 }] });
  await post({ type: 'table', file: FILE });
  await post(table('shop', 1));
  await p.waitForFunction(() => /1 older matching records not shown/.test(document.body.textContent ?? ''));
  assert.deepEqual((await cells()).map((c) => c[2]), ['helm-uninstall']);
  assert.deepEqual(consoleErrors, []);
});
