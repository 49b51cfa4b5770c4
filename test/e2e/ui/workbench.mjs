// Reusable Playwright helpers for UI checks against the real VS Code workbench served by
// code-server. Selectors follow ../shared TEST-INFRA.md ("VS Code (code-server) + Chromium").
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where screenshots and logs of the e2e layer go. */
export const RESULTS_DIR = resolve(process.env.ANSFLOW_TEST_RESULTS ?? 'test-results');

/** Chromium flags that keep a headless run quiet and on loopback. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Nothing but loopback: any other host name fails to resolve inside the browser.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/** Loads a workbench URL and waits until the workbench and its activity bar are rendered. */
export async function openWorkbench(page, url, { timeoutMs = 90_000 } = {}) {
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator('.activitybar .action-item').first().waitFor({ state: 'visible', timeout: timeoutMs });
  return Date.now() - t0;
}

/** Opens a view container from the activity bar by its title (e.g. "AnsFlow"); returns the sidebar. */
export async function openViewContainer(page, title, { timeoutMs = 30_000 } = {}) {
  const item = page.locator(`.activitybar .action-item a[aria-label^="${title}"]`).first();
  await item.waitFor({ state: 'visible', timeout: timeoutMs });
  const sidebar = page.locator('.part.sidebar');
  const header = sidebar.locator('.composite.title h2');
  // A click toggles: only click when the sidebar does not already show this container.
  const showing = (await sidebar.isVisible()) && ((await header.textContent().catch(() => '')) ?? '').trim().toLowerCase() === title.toLowerCase();
  if (!showing) await item.click();
  await header.filter({ hasText: new RegExp(`^\\s*${escapeRe(title)}\\s*$`, 'i') }).waitFor({ state: 'visible', timeout: timeoutMs });
  return sidebar;
}

/** The titles of the view (pane) headers in the sidebar, in order. */
export async function viewHeaderTitles(page) {
  return (await page.locator('.part.sidebar .pane-header h3.title').allTextContents()).map((t) => t.trim());
}

/** Opens the command palette with F1 and returns its input box. */
export async function openPalette(page, { timeoutMs = 30_000 } = {}) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await focusWorkbench(page);
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  return input;
}

/**
 * Runs a command from the palette by (part of) its title, e.g. "AnsFlow: Show Version".
 * @param {import('playwright-core').Page} page
 * @param {string} title
 * @param {{ timeoutMs?: number, screenshotName?: string }} [options]
 */
export async function runPaletteCommand(page, title, { timeoutMs = 30_000, screenshotName } = {}) {
  const input = await openPalette(page, { timeoutMs });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title.replace(/^.*?:\s*/, '') }).first();
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  if (screenshotName) await screenshot(page, screenshotName);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: timeoutMs });
}

/** Waits for a notification toast whose text matches `text` (string or RegExp); returns its text. */
export async function waitForToast(page, text, { timeoutMs = 30_000 } = {}) {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  await toast.waitFor({ state: 'visible', timeout: timeoutMs });
  await settled(toast);
  return ((await toast.textContent()) ?? '').trim();
}

/** Opens a workspace file through Quick Open (Ctrl+P) by its path relative to the workspace. */
export async function openFile(page, relativePath, { timeoutMs = 30_000 } = {}) {
  const base = relativePath.split('/').pop();
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: base }).first();
  // Quick Open searches a file index that may not hold a file written a moment ago: ask again until it does.
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await focusWorkbench(page);
    await page.keyboard.press('Control+P');
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
    await input.fill(relativePath);
    const found = await row.waitFor({ state: 'visible', timeout: Math.min(5000, Math.max(1, deadline - Date.now())) }).then(() => true, () => false);
    if (found) break;
    await page.keyboard.press('Escape');
    if (Date.now() >= deadline) throw new Error(`Quick Open never offered ${relativePath}`);
  }
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: base }).waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator('.part.editor .monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: timeoutMs });
}

/**
 * Expands (or collapses) one view of the open view container by its title; checks that need a view's rows
 * call it rather than rely on what an earlier check left expanded. Returns whether it had to click.
 */
export async function setViewExpanded(page, viewTitle, expanded = true) {
  const header = page
    .locator('.part.sidebar .pane-header')
    .filter({ has: page.locator('h3.title').filter({ hasText: new RegExp(`^\\s*${escapeRe(viewTitle)}\\s*$`, 'i') }) })
    .first();
  await header.waitFor({ state: 'visible', timeout: 30_000 });
  if (((await header.getAttribute('aria-expanded')) === 'true') === expanded) return false;
  await header.click();
  return true;
}

/**
 * Gives one view of the open view container the room: expands it and collapses every other view.
 * Returns the titles it collapsed, for {@link restoreViews} (later checks find the views as they were).
 */
export async function showOnlyView(page, viewTitle) {
  const titles = (await page.locator('.part.sidebar .pane-header h3.title').allTextContents()).map((t) => t.trim());
  const collapsed = [];
  for (const title of titles) {
    const only = title.toLowerCase() === viewTitle.toLowerCase();
    if ((await setViewExpanded(page, title, only)) && !only) collapsed.push(title);
  }
  return collapsed;
}

/**
 * Expands the first row of `rows` (see {@link viewRows}) whose text matches `text`, and returns it.
 * A tree row reports itself expanded only once its children have loaded (the extension host answers
 * first), so a click is given time to take effect before the next: clicking again too early would
 * collapse what the first click had just expanded. Rows also move while their neighbours load, so a
 * click can land elsewhere: it clicks again while the row stays collapsed.
 */
export async function expandRow(page, rows, text, { timeoutMs = 60_000 } = {}) {
  const row = rows.filter({ hasText: text }).first();
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  const deadline = Date.now() + timeoutMs;
  while ((await row.getAttribute('aria-expanded', { timeout: timeoutMs })) !== 'true') {
    if (Date.now() > deadline) throw new Error(`the row "${text}" did not expand within ${timeoutMs} ms`);
    await row.locator('.monaco-tl-twistie').click();
    await waitForAttribute(row, 'aria-expanded', 'true', 5000);
  }
  return row;
}

/**
 * Waits until `child` (a row locator) shows, expanding `parent` (a row locator) whenever it is seen
 * collapsed: a tree may draw a row collapsed while its children load, or an earlier session may have
 * left it collapsed. Each click is given time to take effect (see {@link expandRow}).
 */
export async function showChildRow(parent, child, { timeoutMs = 60_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  await parent.waitFor({ state: 'visible', timeout: timeoutMs });
  while (!(await child.isVisible().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`a row did not show under "${(await parent.textContent().catch(() => ''))?.trim()}" within ${timeoutMs} ms`);
    if ((await parent.getAttribute('aria-expanded').catch(() => null)) === 'false') {
      await parent.locator('.monaco-tl-twistie').click().catch(() => undefined);
      await waitForAttribute(parent, 'aria-expanded', 'true', 5000);
    }
    await child.waitFor({ state: 'visible', timeout: 1000 }).catch(() => undefined);
  }
  return child;
}

async function waitForAttribute(locator, name, value, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await locator.getAttribute(name, { timeout: timeoutMs }).catch(() => null)) === value) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/**
 * What the open sidebar shows, for a failed check's message: each view's title and expansion, and its
 * rendered rows with their expansion state (rows scrolled out of a list are not rendered).
 */
export async function describeSidebar(page) {
  return page
    .evaluate(() => {
      const out = [];
      for (const pane of document.querySelectorAll('.part.sidebar .pane')) {
        const header = pane.querySelector('.pane-header');
        out.push(`[${header?.getAttribute('aria-expanded') === 'true' ? '-' : '+'}] ${header?.querySelector('h3.title')?.textContent?.trim() ?? '?'}`);
        for (const row of pane.querySelectorAll('.monaco-list-row')) {
          const e = row.getAttribute('aria-expanded');
          out.push(`    ${'  '.repeat(Number(row.getAttribute('aria-level') ?? 1) - 1)}${e === 'true' ? 'v ' : e === 'false' ? '> ' : '  '}${row.textContent?.trim().slice(0, 100)}`);
        }
      }
      // What else may hold a check up: an open quick pick (a command that did not get its row asks which
      // one), a notification, and what the panel shows (terminal tabs).
      const visible = (el) => !!el && el.offsetParent !== null && getComputedStyle(el).display !== 'none';
      const quick = document.querySelector('.quick-input-widget');
      if (quick && visible(quick)) {
        const input = quick.querySelector('input');
        const rows = [...quick.querySelectorAll('.monaco-list-row')].slice(0, 5).map((r) => r.textContent?.trim().slice(0, 80));
        out.push(`quick input open: "${input?.getAttribute('placeholder') ?? input?.getAttribute('aria-label') ?? ''}" ${JSON.stringify(rows)}`);
      }
      for (const toast of document.querySelectorAll('.notification-toast')) if (visible(toast)) out.push(`notification: ${toast.textContent?.trim().slice(0, 160)}`);
      const panel = document.querySelector('.part.panel');
      out.push(panel && visible(panel) ? `panel: ${panel.querySelector('.composite.title')?.textContent?.trim().slice(0, 160) ?? '?'}` : 'panel: hidden');
      return out.join('\n');
    })
    .catch((e) => `(sidebar not readable: ${e})`);
}

/** Expands again the views {@link showOnlyView} collapsed. */
export async function restoreViews(page, titles) {
  for (const title of titles) await setViewExpanded(page, title).catch(() => undefined);
}

/** Waits until an element stops moving (workbench animations), so screenshots show it in place. */
export async function settled(locator, { timeoutMs = 3000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const box = JSON.stringify(await locator.boundingBox().catch(() => null));
    if (box === last && box !== 'null') return;
    last = box;
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** The rows of a view in the open sidebar, by the view's title (e.g. "Runs"), as a locator. */
export function viewRows(page, viewTitle) {
  const pane = page.locator('.part.sidebar .pane').filter({
    has: page.locator('.pane-header h3.title', { hasText: new RegExp(`^\\s*${escapeRe(viewTitle)}\\s*$`, 'i') }),
  });
  return pane.locator('.monaco-list-row');
}

/** The content frame of the active webview panel (VS Code nests it in two iframes). */
export function activeWebview(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** Saves a full-page screenshot as test-results/<name>.png and returns its path. */
export async function screenshot(page, name) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, name.endsWith('.png') ? name : `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Closes transient UI (palette, hovers) so the next check starts from a quiet workbench. */
export async function resetWorkbench(page) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
}

async function focusWorkbench(page) {
  // Keyboard shortcuts reach the workbench only when the page itself has focus.
  await page.bringToFront();
  await page.locator('.monaco-workbench').focus().catch(() => {});
  // Click something inert: the active tab when an editor is open (a click inside the text or on the
  // minimap would move the cursor or scroll), else the empty editor area (startupEditor is "none").
  const tab = page.locator('.part.editor .tabs-container .tab.active').first();
  if (await tab.isVisible().catch(() => false)) {
    await tab.click();
    await parkMouse(page);
    return;
  }
  const box = await page.locator('.part.editor').boundingBox().catch(() => null);
  if (box) await page.mouse.click(box.x + box.width / 2, box.y + box.height - 20);
  await parkMouse(page);
}

/** Moves the pointer to an empty stretch of the activity bar so no hover or tooltip shows in screenshots. */
export async function parkMouse(page) {
  const bar = await page.locator('.part.activitybar').boundingBox().catch(() => null);
  if (bar) await page.mouse.move(bar.x + bar.width / 2, bar.y + bar.height * 0.62);
}

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
