// UI check of debugging a pipeline in the real workbench: a breakpoint set by clicking the gutter on a
// step's line, "Debug pipeline" from the code lens, the paused step's Variables showing a finished
// step's output, an expression evaluated in the Debug Console, Continue to the end.
// Screenshots: test-results/e2e-debug-*.png.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openFile, parkMouse, resetWorkbench, screenshot, settled } from './workbench.mjs';

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

/** Runs the check against an open workbench page; throws on failure. */
export default async function check({ page, workspace, assert }) {
  mkdirSync(join(workspace, 'e2e-ui'), { recursive: true });
  writeFileSync(join(workspace, 'e2e-ui', 'debug.ansflow.yaml'), PIPELINE);
  await openFile(page, 'e2e-ui/debug.ansflow.yaml');
  const editor = page.locator('.part.editor .monaco-editor').first();

  // A click in the glyph margin (left of the line numbers) on deploy's line sets a breakpoint there.
  const lineNumber = editor.locator('.margin-view-overlays .line-numbers').filter({ hasText: new RegExp(`^\\s*${DEPLOY_LINE}\\s*$`) }).first();
  await lineNumber.waitFor({ state: 'visible', timeout: 30_000 });
  const numberBox = await lineNumber.boundingBox();
  const marginBox = await editor.locator('.margin').first().boundingBox();
  assert(numberBox && marginBox, 'the editor shows its gutter');
  await page.mouse.click(marginBox.x + 8, numberBox.y + numberBox.height / 2);
  await editor.locator('.codicon-debug-breakpoint').first().waitFor({ state: 'visible', timeout: 30_000 });
  await parkMouse(page);

  const lens = editor.locator('.codelens-decoration a', { hasText: 'Debug pipeline' }).first();
  await lens.waitFor({ state: 'visible', timeout: 30_000 });
  await lens.click();

  // Paused before deploy: the debug toolbar offers Continue and the Variables view shows the context.
  const toolbarContinue = page.locator('.debug-toolbar .codicon-debug-continue').first();
  await toolbarContinue.waitFor({ state: 'visible', timeout: 60_000 });
  // The Run and Debug view opens on a break by default; ask for it in case a setting says otherwise.
  await page.keyboard.press('Control+Shift+D');
  const variables = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /^Variables/ }) }).first();
  await variables.waitFor({ state: 'visible', timeout: 30_000 });
  const row = (text) => variables.locator('.monaco-list-row', { hasText: text }).first();
  for (const name of ['Steps', 'greet', 'outputs']) {
    const r = row(new RegExp(`^\\s*${name}\\b`));
    await r.waitFor({ state: 'visible', timeout: 30_000 });
    if ((await r.getAttribute('aria-expanded')) !== 'true') await r.click();
  }
  const output = variables.locator('.monaco-list-row', { hasText: 'word' }).filter({ hasText: '"hi"' }).first();
  await output.waitFor({ state: 'visible', timeout: 30_000 });

  // The Debug Console evaluates a `${{ }}` expression in the paused step's context.
  const replInput = page.locator('.repl .repl-input-wrapper .monaco-editor').first();
  // The console opens with the first session; Ctrl+Shift+Y toggles it, so only when it is not shown.
  const consoleTab = page.locator('.part.panel .composite-bar .action-item', { hasText: /Debug Console/i }).first();
  if (await consoleTab.isVisible().catch(() => false)) await consoleTab.click();
  if (!(await replInput.isVisible().catch(() => false))) await page.keyboard.press('Control+Shift+Y');
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
  await resetWorkbench(page);
}
