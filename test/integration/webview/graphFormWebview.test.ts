// (integration, chromium) The graph editor's side form and job buttons in headless Chromium, under the
// page's strict CSP, with a recording acquireVsCodeApi: the form drawn from a host `form` message (made by
// the language service from the real schema) and the `setKey` / job messages its controls post.
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
import { buildGraphModel } from '../../../src/core/graph/index.js';
import { analyzePipeline, SchemaNavigator, type SchemaNode } from '../../../src/language/index.js';
import { stepForm } from '../../../src/language/graph/index.js';
import { GRAPH_CSS } from '../../../webview/graph/graphCss.js';
import { FORM_CSS } from '../../../webview/graph/formCss.js';

const NONCE = 'Zm9ybW5vbmNl';
const CSP = `default-src 'none'; style-src 'self' 'nonce-${NONCE}'; script-src 'nonce-${NONCE}'; connect-src 'self'; worker-src blob:`;
const THEME = `body { --vscode-font-family: sans-serif; --vscode-font-size: 13px; --vscode-foreground: #ccc; --vscode-editor-background: #1e1e1e;
  --vscode-input-background: #3c3c3c; --vscode-input-foreground: #ccc; --vscode-panel-border: #444; --vscode-descriptionForeground: #999;
  --vscode-focusBorder: #007fd4; --vscode-button-background: #0e639c; --vscode-button-foreground: #fff; --vscode-errorForeground: #f48771; }`;

const TEXT = [
  'version: 1',
  'steps:',
  '  build:',
  '    type: shell',
  '    with:',
  '      run: make',
  '  roll:',
  '    type: kubernetes.rollout',
  '    needs: [build]',
  '    timeout: soon',
  '    with:',
  '      kind: deployment',
  '      name: web',
  'jobs:',
  '  pack:',
  '    needs: roll',
  '    steps:',
  '      zip: {type: shell, with: {run: zip}}',
  '',
].join('\n');

function bundle(): Promise<string> {
  return buildWebviewBundle(GRAPH_ENTRIES, 'ansflow-graph-form-');
}


const sentOf = sentOfType;

async function open(t: TestContext): Promise<{ p: Page; cspErrors: string[] }> {
  const dist = await bundle();
  const html = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}">
<style nonce="${NONCE}">${THEME}${GRAPH_CSS}${FORM_CSS}</style>
<script nonce="${NONCE}">window.__sent = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__sent.push(JSON.parse(JSON.stringify(m))), getState: () => null, setState: () => {} });</script>
</head><body><div id="root" data-worker="/graph-layout.js"></div><script nonce="${NONCE}" src="/graph.js"></script></body></html>`;
  const server = createServer((req, res) => {
    if (req.url === '/graph.js' || req.url === '/graph-layout.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(readFileSync(join(dist, req.url)));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...chromiumArgs], headless: true });
  t.after(() => browser.close());
  const p = await browser.newPage({ viewport: { width: 1200, height: 700 } });
  const cspErrors: string[] = [];
  p.on('console', (m) => m.type() === 'error' && cspErrors.push(m.text()));
  await p.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await sentOf(p, 'ready');
  return { p, cspErrors };
}

test('(integration) graph side form: generated from the schema for the selected step, posts one setKey per change; job buttons post job edits', async (t) => {
  if (!requireEngine(t, 'chromium')) return;
  const { p, cspErrors } = await open(t);
  const nav = new SchemaNavigator(JSON.parse(readFileSync('schemas/pipeline.schema.json', 'utf8')) as SchemaNode);
  const analysis = analyzePipeline(parsePipeline, TEXT, { file: '/ws/form.ansflow.yaml' });
  const post = (m: unknown) => p.evaluate((msg) => window.postMessage(msg, '*'), m);
  const graph = JSON.parse(JSON.stringify(buildGraphModel(analysis.parsed)));
  await post({ type: 'graph', graph, version: 1 });
  await p.waitForFunction(() => document.querySelectorAll('[data-node]').length === 3);

  // Selecting a step asks the host for its form; the host's answer is drawn beside the canvas.
  await p.locator('[data-node="roll"] .box').click();
  // The page also says "nothing selected" ({type: 'inspect'}) when it starts: wait for the click's message.
  await p.waitForFunction(() => (window as unknown as { __sent: Array<{ type: string; id?: string }> }).__sent.some((m) => m.type === 'inspect' && m.id === 'roll'));
  assert.deepEqual((await sentOf(p, 'inspect')).at(-1), { type: 'inspect', id: 'roll' });
  const form = stepForm(analysis, nav, 'roll', analysis.parsed.diagnostics)!;
  await post({ type: 'form', form: JSON.parse(JSON.stringify(form)) });
  await p.waitForSelector('[data-form="roll"]');

  // One control per schema key, of the kind its schema says.
  const params = form.fields.filter((f) => f.key[0] === 'with').map((f) => f.key[1]);
  assert.ok(params.includes('action') && params.includes('kind'), 'the rollout parameters come from the schema');
  for (const f of form.fields) {
    const sel = `[data-field="${f.key.join('.')}"]`;
    const tag = await p.locator(`${sel} [data-key]`).evaluate((el) => `${el.tagName.toLowerCase()}${el.getAttribute('type') ? `:${el.getAttribute('type')}` : ''}`);
    const want = { string: ['input:text', 'textarea'], number: ['input:number'], boolean: ['input:checkbox'], enum: ['select'], other: ['button:button'] }[f.kind];
    assert.ok(want.includes(tag), `${f.key.join('.')} (${f.kind}) drawn as ${tag}`);
    if (f.kind === 'enum') assert.equal(await p.locator(`${sel} option`).count(), f.options!.length + 1);
    if (f.description) assert.equal(await p.locator(`${sel} .help`).textContent(), f.description);
  }
  assert.equal(await p.locator('[data-field="with.kind"] select').inputValue(), 'deployment');
  // The validator's problem on `timeout` sits in its field, and marks the control for screen readers.
  assert.match((await p.locator('[data-field="timeout"] .problems').textContent())!, /soon|duration/i);
  assert.equal(await p.locator('[data-field="timeout"] input').getAttribute('aria-invalid'), 'true');
  assert.equal(await p.locator('[data-field="name"] .problems').count(), 0);
  await p.screenshot({ path: join(testResultsDir(), 'graph-side-form.png') });

  // Each change posts the one key, the value as typed (data, whatever characters it holds).
  const typed = `web "blue": {x}, #2`;
  await p.locator('[data-field="with.name"] input').fill(typed);
  await p.locator('[data-field="with.name"] input').press('Tab');
  assert.deepEqual((await sentOf(p, 'setKey')).at(-1), { type: 'setKey', id: 'roll', key: ['with', 'name'], value: typed });
  await p.locator('[data-field="with.action"] select').selectOption('restart');
  assert.deepEqual((await sentOf(p, 'setKey', 2)).at(-1), { type: 'setKey', id: 'roll', key: ['with', 'action'], value: 'restart' });
  await p.locator('[data-field="retry"] input').fill('3');
  await p.locator('[data-field="retry"] input').press('Tab');
  assert.deepEqual((await sentOf(p, 'setKey', 3)).at(-1), { type: 'setKey', id: 'roll', key: ['retry'], value: 3 });
  await p.locator('[data-field="continueOnError"] input').check();
  assert.deepEqual((await sentOf(p, 'setKey', 4)).at(-1), { type: 'setKey', id: 'roll', key: ['continueOnError'], value: true });
  // Emptying a field removes its key.
  await p.locator('[data-field="timeout"] input').fill('');
  await p.locator('[data-field="timeout"] input').press('Tab');
  assert.deepEqual((await sentOf(p, 'setKey', 5)).at(-1), { type: 'setKey', id: 'roll', key: ['timeout'], value: null });

  // A note from the host (a template or matrix step) shows above the fields; a parse error disables them.
  await post({ type: 'form', form: { ...JSON.parse(JSON.stringify(form)), note: 'Uses template base' } });
  await p.waitForSelector('.form-note');
  await post({ type: 'graph', graph, version: 2, error: 'line 3: bad indentation' });
  await p.waitForFunction(() => (document.querySelector('[data-field="with.name"] input') as HTMLInputElement | null)?.matches(':disabled'));

  // Leaving every step asks for no form, and the panel goes.
  await post({ type: 'graph', graph, version: 3 });
  await p.locator('.canvas').click({ position: { x: 5, y: 5 } });
  // The start's "nothing selected", the click on roll, then this one.
  assert.deepEqual((await sentOf(p, 'inspect', 3)).at(-1), { type: 'inspect' });
  await p.waitForFunction(() => !document.querySelector('[data-form]'));

  // Jobs: add from the toolbar; a selected job's box offers rename and delete.
  await p.getByRole('button', { name: 'Add job' }).click();
  assert.deepEqual((await sentOf(p, 'addJob')).at(-1), { type: 'addJob' });
  await p.locator('[data-group="pack"] .group-box').click({ position: { x: 8, y: 8 } });
  await p.getByRole('button', { name: 'Rename job pack' }).click();
  assert.deepEqual((await sentOf(p, 'renameJob')).at(-1), { type: 'renameJob', id: 'pack' });
  await p.getByRole('button', { name: 'Delete job pack' }).click();
  assert.deepEqual((await sentOf(p, 'deleteJob')).at(-1), { type: 'deleteJob', id: 'pack' });
  assert.deepEqual(cspErrors.filter((e) => /Content Security Policy/i.test(e)), []);
});
