// UI check: a pipeline secret kept in VS Code secret storage is asked for once (masked input box),
// stored, and not asked for again on the next run. Screenshot: test-results/e2e-run-secret-prompt.png.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openFile, openViewContainer, screenshot, settled, resetWorkbench, setViewExpanded } from './workbench.mjs';

export const title = '(e2e) a missing secret is asked for once and kept in secret storage';

const PIPELINE = `version: 1
name: e2e-secret-ui
secrets:
  TOKEN:
    description: Token for the e2e check
steps:
  use:
    type: shell
    with:
      run: test "\${{ secrets.TOKEN }}" = "pa55-w0rd"
`;

/** Runs the check against an open workbench page; throws on failure. */
export default async function check({ page, workspace, assert }) {
  mkdirSync(join(workspace, 'e2e-ui'), { recursive: true });
  writeFileSync(join(workspace, 'e2e-ui', 'secret.ansflow.yaml'), PIPELINE);
  await openFile(page, 'e2e-ui/secret.ansflow.yaml');
  const lens = page.locator('.part.editor .codelens-decoration a', { hasText: 'Run pipeline' }).first();
  await lens.waitFor({ state: 'visible', timeout: 30_000 });
  await lens.click();

  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 20_000 });
  const widget = ((await page.locator('.quick-input-widget').textContent()) ?? '').trim();
  assert(widget.includes("secret 'TOKEN'"), `the prompt names the secret (saw: ${widget.slice(0, 200)})`);
  assert((await input.getAttribute('type')) === 'password', 'the value is typed into a password box');
  await input.fill('pa55-w0rd');
  await screenshot(page, 'e2e-run-secret-prompt');
  await page.keyboard.press('Enter');

  const sidebar = await openViewContainer(page, 'AnsFlow');
  await setViewExpanded(page, 'Runs');
  const rows = sidebar.locator('.monaco-list-row', { hasText: 'e2e-secret-ui' }).filter({ hasText: 'success' });
  await rows.first().waitFor({ state: 'visible', timeout: 30_000 });

  // The second run finds the stored value: no prompt, and a second successful run.
  await lens.click();
  const prompted = await input.waitFor({ state: 'visible', timeout: 4000 }).then(() => true, () => false);
  assert(!prompted, 'no second prompt for a stored secret');
  await page.waitForFunction(
    () => [...document.querySelectorAll('.part.sidebar .monaco-list-row')].filter((r) => r.textContent?.includes('e2e-secret-ui') && r.textContent.includes('success')).length >= 2,
    undefined,
    { timeout: 30_000 },
  );
  await settled(rows.first());
  await screenshot(page, 'e2e-run-secret-runs');
  await resetWorkbench(page);
}
