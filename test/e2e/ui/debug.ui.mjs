// UI check of debugging a pipeline in the real workbench: a breakpoint set by clicking the gutter on a
// step's line, "Debug pipeline" from the code lens, the paused step's Variables showing a finished
// step's output, an expression evaluated in the Debug Console, Continue to the end.
// Screenshots: test-results/e2e-debug-*.png (e2e-debug-paused.png is docs/images/ansflow-debug.png).
//
// Among the other checks the extension host is busy and the code lenses arrive after the file is shown:
// each lens row pushes the lines below it down, so a gutter click aimed at a line measured before they
// arrived set the breakpoint two lines higher, inside `greet` (the adapter moved it to greet's id line),
// and the run paused before greet, when no step had an output yet. So the click waits for the lenses and
// checks where its breakpoint landed. The check also starts from no breakpoints and gives back the side
// bar, the Variables section, the panel and the editor as it found them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expandRow, openFile, openViewContainer, parkMouse, resetWorkbench, runPaletteCommand, screenshot, setViewExpanded, settled, viewRows } from './workbench.mjs';

export const title = '(e2e) debug a pipeline: gutter breakpoint, Variables, Debug Console, continue';

const PIPELINE = `version: 1
name: e2e-debug
params:
  who: { type: string, default: world }
steps:
  greet:
    type: shell
    with: { run: 'echo "word=hi" >> "$ANSFLOW_OUTPUT"' }
  deploy:
    type: shell
    needs: greet
    with: { run: 'echo "\${{ steps.greet.outputs.word }} \${{ params.who }}"' }
`;
/** The 1-based line of `deploy:`, where the breakpoint goes. */
const DEPLOY_LINE = 9;
const FILE = 'debug.ansflow.yaml';

/** Runs the check against an open workbench page; throws on failure. */
export default async function check({ page, workspace, assert }) {
  const found = await workbenchState(page);
  await removeAllBreakpoints(page);
  mkdirSync(join(workspace, 'e2e-ui'), { recursive: true });
  writeFileSync(join(workspace, 'e2e-ui', FILE), PIPELINE);
  /** The sections this check expanded, collapsed again at the end. */
  const expanded = [];
  try {
    await openFile(page, `e2e-ui/${FILE}`);
    const editor = page.locator('.part.editor .editor-group-container.active .monaco-editor').first();
    await setBreakpointByGutter(page, editor, assert);

    const lens = editor.locator('.codelens-decoration a', { hasText: 'Debug pipeline' }).first();
    await lens.click();

    // Paused before deploy: the debug toolbar offers Continue, the call stack names deploy.
    const toolbarContinue = page.locator('.debug-toolbar .codicon-debug-continue').first();
    await toolbarContinue.waitFor({ state: 'visible', timeout: 60_000 });
    // The Run and Debug view opens on a break by default; ask for it in case a setting or an earlier check says otherwise.
    await openViewContainer(page, 'Run and Debug');
    for (const view of ['Variables', 'Call Stack']) if (await setViewExpanded(page, view, true)) expanded.push(view);
    // A frame row reads "deploydebug.ansflow.yaml9:1" (name, file and line in spans with no space between).
    await viewRows(page, 'Call Stack').filter({ hasText: /^\s*deploy/ }).first().waitFor({ state: 'visible', timeout: 30_000 });
    const variables = viewRows(page, 'Variables');
    for (const name of ['Steps', 'greet', 'outputs']) await expandRow(page, variables, new RegExp(`^\\s*${name}\\b`), { timeoutMs: 30_000 });
    await variables.filter({ hasText: 'word' }).filter({ hasText: '"hi"' }).first().waitFor({ state: 'visible', timeout: 30_000 });

    // The Debug Console evaluates a `${{ }}` expression in the paused step's context.
    await runPaletteCommand(page, 'Focus on Debug Console View');
    const replInput = page.locator('.repl .repl-input-wrapper .monaco-editor').first();
    await replInput.waitFor({ state: 'visible', timeout: 30_000 });
    await replInput.click();
    await page.keyboard.type("${{ format('{0}-{1}', steps.greet.outputs.word, params.who) }}");
    await page.keyboard.press('Enter');
    const answer = page.locator('.repl .monaco-list-row', { hasText: 'hi-world' }).first();
    await answer.waitFor({ state: 'visible', timeout: 30_000 });
    await parkMouse(page);
    await settled(answer);
    await screenshot(page, 'e2e-debug-paused');

    // Continue runs deploy and the session ends.
    await toolbarContinue.click();
    await page.locator('.debug-toolbar').first().waitFor({ state: 'hidden', timeout: 60_000 });
    const ended = page.locator('.repl .monaco-list-row', { hasText: /run \S+ success/ }).first();
    await ended.waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'e2e-debug-ended');
  } catch (e) {
    // The runner's screenshot comes after the clean-up below: keep what the failure looked like.
    await screenshot(page, 'e2e-FAILED-debug-before-cleanup').catch(() => undefined);
    throw e;
  } finally {
    await giveBack(page, found, expanded);
  }
}

/**
 * Clicks the glyph margin on deploy's line once the code lenses are in place, and checks the breakpoint
 * shows on that line; a click that landed elsewhere (the lines moved under it) is taken back and made again.
 */
async function setBreakpointByGutter(page, editor, assert) {
  // One lens row above the pipeline and one above each step: wait until all three have pushed the lines down.
  await editor.locator('.codelens-decoration a', { hasText: 'Debug pipeline' }).first().waitFor({ state: 'visible', timeout: 60_000 });
  await editor.locator('.codelens-decoration a', { hasText: 'Run step' }).nth(1).waitFor({ state: 'visible', timeout: 60_000 });
  const lineNumber = editor.locator('.margin-view-overlays .line-numbers').filter({ hasText: new RegExp(`^\\s*${DEPLOY_LINE}\\s*$`) }).first();
  const glyph = editor.locator('.codicon-debug-breakpoint').first();
  for (let attempt = 1; ; attempt++) {
    // A click on a breakpoint takes it away: start from none.
    await glyph.waitFor({ state: 'hidden', timeout: 30_000 });
    await lineNumber.waitFor({ state: 'visible', timeout: 30_000 });
    await settled(lineNumber);
    const numberBox = await lineNumber.boundingBox();
    const marginBox = await editor.locator('.margin').first().boundingBox();
    assert(numberBox && marginBox, 'the editor shows its gutter');
    await page.mouse.click(marginBox.x + 8, numberBox.y + numberBox.height / 2);
    await glyph.waitFor({ state: 'visible', timeout: 30_000 });
    await parkMouse(page);
    const glyphBox = await glyph.boundingBox();
    const lineBox = await lineNumber.boundingBox();
    const onLine = glyphBox && lineBox && Math.abs(glyphBox.y + glyphBox.height / 2 - (lineBox.y + lineBox.height / 2)) < lineBox.height / 2;
    if (onLine) return;
    assert(attempt < 3, `the gutter click set its breakpoint on line ${DEPLOY_LINE} (three clicks landed on other lines)`);
    await removeAllBreakpoints(page);
  }
}

/** VS Code's "Remove All Breakpoints" (no category in the palette); once none are left, no glyph shows in the editor. */
async function removeAllBreakpoints(page) {
  await runPaletteCommand(page, 'Remove All Breakpoints');
}

/** What this check changes and gives back: the side bar's container, the panel and its tab. */
async function workbenchState(page) {
  const sidebar = page.locator('.part.sidebar');
  const container = (await sidebar.isVisible()) ? ((await sidebar.locator('.composite.title h2').textContent().catch(() => '')) ?? '').trim() : '';
  const panel = page.locator('.part.panel');
  const panelShown = await panel.isVisible();
  const panelTab = panelShown ? await panel.locator('.composite-bar .action-item.checked .action-label').first().getAttribute('aria-label', { timeout: 5000 }).catch(() => null) : null;
  return { container, panelShown, panelTab };
}

async function giveBack(page, found, expanded) {
  // A check that failed while paused must not leave the session holding its run.
  const stop = page.locator('.debug-toolbar .codicon-debug-stop').first();
  if (await stop.isVisible().catch(() => false)) {
    await stop.click().catch(() => undefined);
    await page.locator('.debug-toolbar').first().waitFor({ state: 'hidden', timeout: 60_000 }).catch(() => undefined);
  }
  await resetWorkbench(page);
  await removeAllBreakpoints(page).catch(() => undefined);
  await page
    .locator('.tabs-container .tab', { hasText: FILE })
    .locator('.tab-actions .action-label')
    .first()
    .click()
    .catch(() => undefined);
  for (const view of expanded) await setViewExpanded(page, view, false).catch(() => undefined);
  if (found.container) await openViewContainer(page, found.container).catch(() => undefined);
  if (!found.panelShown) await runPaletteCommand(page, 'View: Hide Panel').catch(() => undefined);
  else if (found.panelTab) await page.locator(`.part.panel .composite-bar .action-item .action-label[aria-label="${found.panelTab.replace(/"/g, '\\"')}"]`).first().click().catch(() => undefined);
  await parkMouse(page);
}
