// UI check: a pipeline with an unknown `needs` entry shows the red squiggle from the AnsFlow language
// service in the real editor, and hovering it shows the problem; screenshot for the README.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openFile, openPalette, resetWorkbench, runPaletteCommand, screenshot, settled } from './workbench.mjs';

export const title = '(e2e) language service: unknown need squiggle and its hover';

const FILE = 'e2e-language-squiggle.ansflow.yaml';
/** The validator's message for the misspelt need (src/core/pipeline/validate/validateSteps.ts). */
const PROBLEM = "'test' needs unknown step 'biuld'";
const TEXT = `# The language service flags the misspelt need below.
version: 1
name: squiggle-demo
steps:
  build:
    type: shell
    with:
      run: echo building
  test:
    type: shell
    needs: [biuld]
    with:
      run: echo testing
`;
/** Where `biuld` sits in TEXT (1-based), for the keyboard path to the hover. */
const NEED_LINE = TEXT.split('\n').findIndex((l) => l.includes('[biuld]')) + 1;
const NEED_COLUMN = TEXT.split('\n')[NEED_LINE - 1].indexOf('biuld') + 2;

/** Runs the check against an open workbench page; throws on failure. */
export default async function check({ page, workspace, assert }) {
  const path = join(workspace, FILE);
  writeFileSync(path, TEXT);
  try {
    // Quick Open finds a file created a moment ago only once the file index caught up: retry briefly.
    for (let attempt = 1; ; attempt++) {
      try {
        await openFile(page, FILE, { timeoutMs: 10_000 });
        break;
      } catch (e) {
        await resetWorkbench(page);
        if (attempt === 4) throw e;
      }
    }
    const squiggle = page.locator('.part.editor .monaco-editor .squiggly-error').first();
    await squiggle.waitFor({ state: 'visible', timeout: 60_000 });
    await settled(squiggle);
    // Move the mouse onto the squiggle itself (a locator hover can land on the sticky-scroll overlay).
    const box = await squiggle.boundingBox();
    assert(box, 'the squiggle has a box');
    // Any visible hover, not one already filtered by the text asserted on below. A hover that never
    // opens (the move landed before the editor laid out) gets the mouse moved off and back on.
    const hover = page.locator('.monaco-hover:visible').first();
    for (let attempt = 1; ; attempt++) {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height + 40);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      if (attempt > 1) {
        // The mouse hover did not open (seen on loaded CI runs, with the mouse or a chord): put the
        // cursor on the misspelt need through Go to Line (no mouse, no keyboard focus needed) and run
        // Show or Focus Hover from the palette, which shows the same content.
        const input = await openPalette(page);
        await input.fill(`:${NEED_LINE}:${NEED_COLUMN}`);
        await page.keyboard.press('Enter');
        await input.waitFor({ state: 'hidden', timeout: 10_000 });
        await runPaletteCommand(page, 'Show or Focus Hover');
      }
      try {
        await hover.waitFor({ state: 'visible', timeout: 10_000 });
        break;
      } catch (e) {
        if (attempt === 3) throw e;
      }
    }
    // It fills in asynchronously, so read it until it names the problem or the time is up.
    let text = '';
    for (const until = Date.now() + 30_000; !text.includes(PROBLEM) && Date.now() < until; await page.waitForTimeout(250)) {
      text = (await hover.textContent().catch(() => '')) ?? '';
    }
    assert(text.includes(PROBLEM), `hover shows "${PROBLEM}" (saw: ${text.slice(0, 200)})`);
    assert(text.includes("did you mean 'build'"), `hover suggests the step meant (saw: ${text.slice(0, 200)})`);
    await settled(hover);
    await screenshot(page, 'e2e-language-squiggle');
  } finally {
    await resetWorkbench(page);
    await runPaletteCommand(page, 'View: Close All Editors').catch(() => {});
    rmSync(path, { force: true });
  }
}
