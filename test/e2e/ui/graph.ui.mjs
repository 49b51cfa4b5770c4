// UI check: "AnsFlow: Open Pipeline Graph to the Side" on a real example shows the graph webview beside
// the text (ELK layout from its worker under the webview's CSP, the matrix step collapsed with a count);
// clicking a palette entry adds a step to the text through a WorkspaceEdit and the graph follows; Ctrl+Z in
// the text editor takes it back and the graph follows again. Screenshot: test-results/e2e-graph.png.
import { openFile, runPaletteCommand, screenshot, resetWorkbench, parkMouse } from './workbench.mjs';

export const title = '(e2e) AnsFlow Graph editor beside the text: layout, palette add, undo';

const FILE = 'data-pipeline.ansflow.yaml';

/** The graph webview's content frame (the one holding our root element). */
async function graphFrame(page, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const f of page.frames()) {
      if (await f.locator('#root[data-worker]').count().catch(() => 0)) return f;
    }
    if (Date.now() > deadline) throw new Error('the graph webview did not appear');
    await page.waitForTimeout(200);
  }
}

/** Runs the check against an open workbench page; throws on failure. */
export default async function check({ page, assert }) {
  await openFile(page, FILE);
  await runPaletteCommand(page, 'AnsFlow: Open Pipeline Graph to the Side');
  const opened = Date.now();
  const frame = await graphFrame(page);
  await frame.waitForFunction(() => document.querySelectorAll('[data-node]').length === 5, undefined, { timeout: 30_000 });
  // First paint, reported (not asserted): from the command to the graph on screen, and the page's own part.
  await frame.waitForFunction(() => document.getElementById('root')?.dataset.firstPaint, undefined, { timeout: 30_000 });
  const { origin, paint } = await frame.evaluate(() => ({ origin: globalThis.performance.timeOrigin, paint: Number(document.getElementById('root')?.dataset.firstPaint) }));
  console.log(`[graph] first paint: ${Math.round(origin + paint - opened)} ms from the command to the drawn graph (${paint} ms of it in the page, from its start)`);
  await frame.waitForFunction(() => document.getElementById('root')?.dataset.layout === 'elk', undefined, { timeout: 30_000 });
  const badge = (await frame.locator('[data-node] .matrix text').first().textContent()) ?? '';
  assert(/^×\d+$/.test(badge), `the matrix step is one node with a count (saw "${badge}")`);
  const label = (await frame.locator('[data-node="prepare"]').getAttribute('aria-label')) ?? '';
  assert(/^Step prepare, type shell/.test(label), `nodes carry screen-reader labels (saw "${label}")`);

  // Palette: select `publish`, add a shell step after it; the text changes and the graph follows.
  await frame.locator('[data-node="publish"] .box').click();
  await frame.locator('button.pal[data-type="shell"]').click();
  await frame.waitForFunction(() => document.querySelectorAll('[data-node]').length === 6, undefined, { timeout: 30_000 });
  await frame.locator('[data-node="shell"]').waitFor({ state: 'visible', timeout: 30_000 });
  // Hide the sidebar for the screenshot: the graph refits to the wider pane (it follows resizes).
  await page.keyboard.press('Control+B');
  await page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
  await frame.waitForFunction(() => (document.querySelector('svg.canvas')?.clientWidth ?? 0) > 500, undefined, { timeout: 10_000 }).catch(() => undefined);
  await parkMouse(page);
  await screenshot(page, 'e2e-graph');
  await page.keyboard.press('Control+B');

  // Undo in the text editor restores the text; the graph drops the node again.
  await page.locator('.part.editor .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+Z');
  await frame.waitForFunction(() => document.querySelectorAll('[data-node]').length === 5, undefined, { timeout: 30_000 });
  await resetWorkbench(page);
}
