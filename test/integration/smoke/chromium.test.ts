// Smoke test: playwright-core drives Debian's Chromium to a page served on 127.0.0.1 and screenshots it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath, requireEngine, testResultsDir } from '../engines.js';

test('(integration) Chromium screenshots a page served on 127.0.0.1', async (t) => {
  if (!requireEngine(t, 'chromium')) return;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>AnsFlow smoke</title><h1 id="h" style="color:#0a6">AnsFlow engines are up</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const { port } = server.address() as AddressInfo;

  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...chromiumArgs], headless: true });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 640, height: 240 } });
  await page.goto(`http://127.0.0.1:${port}/`);
  assert.equal(await page.title(), 'AnsFlow smoke');
  assert.equal(await page.locator('#h').textContent(), 'AnsFlow engines are up');

  const file = join(testResultsDir(), 'smoke-chromium.png');
  await page.screenshot({ path: file });
  const png = readFileSync(file);
  assert.deepEqual([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');
  assert.ok(png.length > 1000, `screenshot is ${png.length} bytes`);
});
