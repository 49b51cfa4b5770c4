// (integration, chromium) The merged log view's webview bundle in headless Chromium, under the same strict
// CSP as in VS Code (nonce scripts and styles only), with a recording acquireVsCodeApi: 20,000 lines drawn
// with only the rows in view in the DOM, batches acknowledged, filter, refused pattern, levels, pause, jump
// to time and export as the user drives them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildWebviewBundle } from './webviewBundle.js';
import { chromium, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath, requireEngine, testResultsDir } from '../engines.js';
import { LOGS_CSS } from '../../../webview/logs/logsCss.js';
import type { WireLine } from '../../../webview/shared/logMessages.js';

const NONCE = 'dGVzdG5vbmNl';
const CSP = `default-src 'none'; style-src 'self' 'nonce-${NONCE}'; script-src 'nonce-${NONCE}'`;
const THEME = `body { --vscode-font-family: sans-serif; --vscode-font-size: 13px; --vscode-foreground: #ccc; --vscode-editor-font-family: monospace; --vscode-editor-font-size: 12px;
  background: #1e1e1e; --vscode-panel-border: #444; --vscode-descriptionForeground: #999; --vscode-button-background: #0e639c; --vscode-button-foreground: #fff;
  --vscode-button-secondaryBackground: #3a3d41; --vscode-button-secondaryForeground: #ccc; --vscode-errorForeground: #f48771; --vscode-editorWarning-foreground: #cca700;
  --vscode-input-background: #3c3c3c; --vscode-input-foreground: #ccc; --vscode-terminal-ansiCyan: #11a8cd; --vscode-terminal-ansiGreen: #0dbc79; --vscode-editor-findMatchHighlightBackground: #623315; }`;

function page(): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}">
<style nonce="${NONCE}">${THEME}${LOGS_CSS}</style>
<script nonce="${NONCE}">
window.__sent = [];
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__sent.push(JSON.parse(JSON.stringify(m))) });
</script></head><body><div id="root"></div><script nonce="${NONCE}" src="/logs.js"></script></body></html>`;
}

async function sentOf(p: Page, type: string): Promise<Array<Record<string, unknown>>> {
  return p.evaluate((t) => (window as unknown as { __sent: Array<{ type: string }> }).__sent.filter((m) => m.type === t), type) as Promise<Array<Record<string, unknown>>>;
}

const T0 = Date.parse('2026-12-01T10:00:00Z');
function lines(from: number, n: number): WireLine[] {
  return Array.from({ length: n }, (_, i) => {
    const seq = from + i;
    const error = seq % 1000 === 0;
    return { seq, source: seq % 2 ? 'docker:a' : 'docker:b', ts: new Date(T0 + seq * 10).toISOString(), t: T0 + seq * 10, text: error ? `ERROR request ${seq} failed` : `GET /item/${seq} 200`, ...(error ? { level: 'error' as const } : {}) };
  });
}

test('(integration) logs webview: 20,000 lines drawn virtualised and acknowledged; filter, refused pattern, levels, pause, jump and export', async (t) => {
  if (!requireEngine(t, 'chromium')) return;
  const out = await buildWebviewBundle({ logs: 'webview/logs/main.tsx' }, 'ansflow-logs-webview-');
  const server = createServer((req, res) => {
    if (req.url === '/logs.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(readFileSync(join(out, 'logs.js')));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...chromiumArgs], headless: true });
  t.after(() => browser.close());
  const p = await browser.newPage({ viewport: { width: 1000, height: 500 } });
  const consoleErrors: string[] = [];
  p.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  await p.goto(`http://127.0.0.1:${port}/`);
  await p.waitForFunction(() => (window as unknown as { __sent: Array<{ type: string }> }).__sent.some((m) => m.type === 'ready'));
  const post = (m: unknown) => p.evaluate((msg) => window.postMessage(msg, '*'), m);

  await post({ type: 'init', title: 'Deployment shop/web', bufferLines: 50_000 });
  await post({ type: 'sources', sources: [{ id: 'docker:a', label: 'web-1', state: 'following' }, { id: 'docker:b', label: 'web-2', state: 'reconnecting', detail: 'socket hang up' }] });
  // As the host feeds it: the next batch only after the page acknowledged the last one.
  for (let from = 1; from <= 20_000; from += 2000) {
    await post({ type: 'lines', lines: lines(from, 2000), missed: 0 });
    await p.waitForFunction((seq) => (window as unknown as { __sent: Array<{ type: string; seq?: number }> }).__sent.some((m) => m.type === 'ack' && m.seq === seq), from + 1999);
  }
  await p.waitForFunction(() => /20000 of 20000 lines shown/.test(document.querySelector('.status')?.textContent ?? ''));
  const rows = await p.locator('.row').count();
  assert.ok(rows > 10 && rows < 200, `only the rows in view (and a margin) are in the DOM: ${rows}`);
  assert.match((await p.locator('.row').last().textContent())!, /ERROR request 20000 failed$/, 'following: the newest line is in view');
  assert.match((await p.locator('.sources').textContent())!, /web-1.*web-2 \(reconnecting\)/);
  const colourA = await p.locator('.row .src', { hasText: 'web-1' }).first().evaluate((e) => getComputedStyle(e).color);
  const colourB = await p.locator('.row .src', { hasText: 'web-2' }).first().evaluate((e) => getComputedStyle(e).color);
  assert.notEqual(colourA, colourB, 'each source has its colour');
  assert.match((await p.locator('.title, strong').first().textContent())!, /Deployment shop\/web/);

  const filter = p.getByLabel('Filter');
  await filter.fill('item/1234');
  await p.waitForFunction(() => /^11 of 20000 lines shown/.test(document.querySelector('.status')?.textContent ?? ''));
  await p.locator('label[title="Regular expression"] input').check();
  await filter.fill('(a+)+');
  await p.waitForFunction(() => /refused/.test(document.querySelector('.notice')?.textContent ?? ''));
  await filter.fill('^ERROR request \\d+');
  await p.waitForFunction(() => /^20 of 20000 lines shown/.test(document.querySelector('.status')?.textContent ?? ''));
  await filter.fill('');
  await p.getByRole('button', { name: 'error' }).click();
  await p.waitForFunction(() => /^20 of 20000 lines shown/.test(document.querySelector('.status')?.textContent ?? ''));
  assert.equal(await p.locator('.row.error').count(), 20);
  await p.getByRole('button', { name: 'error' }).click();

  // Pause: new lines are counted, not drawn; Follow shows them.
  await p.getByRole('button', { name: 'Pause' }).click();
  await post({ type: 'lines', lines: lines(20_001, 500), missed: 0 });
  await p.waitForFunction(() => /paused, 500 new/.test(document.querySelector('.status')?.textContent ?? ''));
  await p.getByRole('button', { name: 'Follow' }).click();
  await p.waitForFunction(() => !/paused/.test(document.querySelector('.status')?.textContent ?? ''));

  // Jump to a time: the first line at or after it is marked and in view.
  const target = 12_345;
  await p.getByLabel('Jump to time').fill(new Date(T0 + target * 10).toISOString());
  await p.getByRole('button', { name: 'Jump' }).click();
  await p.waitForFunction((seq) => document.querySelector('.row.jump')?.textContent?.includes(`/item/${seq} `), target);
  assert.equal(await p.getByRole('button', { name: 'Follow' }).count(), 1, 'a jump leaves follow mode');

  await p.screenshot({ path: join(testResultsDir(), 'logs-webview.png') });
  await p.getByRole('button', { name: 'Export…' }).click();
  assert.deepEqual((await sentOf(p, 'export')).at(-1), { type: 'export', filter: { text: '', regex: true, levels: [] } });
  await post({ type: 'stats', dropped: 7, paused: 2 });
  await p.waitForFunction(() => /7 dropped · 2 sources waiting/.test(document.querySelector('.status')?.textContent ?? ''));
  assert.deepEqual(consoleErrors, []);
});
