// UI check: the AnsFlow container in the real workbench shows its six views with welcome texts,
// and a palette command from the extension runs and shows its notification.
import { readFileSync } from 'node:fs';
import { openFile, openViewContainer, viewHeaderTitles, runPaletteCommand, waitForToast, screenshot, resetWorkbench } from './workbench.mjs';

export const title = '(e2e) AnsFlow view container, welcome texts and a palette command';

/** Runs the check against an open workbench page; throws on failure. */
export default async function check({ page, repoRoot, assert }) {
  const pkg = JSON.parse(readFileSync(`${repoRoot}/package.json`, 'utf8'));
  const views = pkg.contributes.views.ansflow.map((v) => v.name);

  await openFile(page, 'e2e-fixtures/minimal.ansflow.yaml');
  const sidebar = await openViewContainer(page, 'AnsFlow');
  const headers = await viewHeaderTitles(page);
  for (const name of views) {
    assert(headers.some((h) => h.toLowerCase() === name.toLowerCase()), `view header "${name}" shown (saw: ${headers.join(', ')})`);
  }
  // Welcome content is shown for every empty view; the texts come from the manifest.
  const welcome = pkg.contributes.viewsWelcome.map((w) => w.contents.split('\n')[0].replace(/`/g, '').slice(0, 30));
  const welcomeNodes = sidebar.locator('.welcome-view-content');
  await welcomeNodes.first().waitFor({ state: 'visible', timeout: 20_000 });
  const shown = (await welcomeNodes.allTextContents()).join('\n');
  assert(welcome.some((w) => shown.includes(w)), `a viewsWelcome text is shown (saw: ${shown.slice(0, 200)})`);
  await screenshot(page, 'e2e-ansflow-views');

  await runPaletteCommand(page, 'AnsFlow: Show Version', { screenshotName: 'e2e-ansflow-palette' });
  const toast = await waitForToast(page, /AnsFlow .* is active/);
  assert(/VS Code \d+\.\d+\.\d+/.test(toast), `toast names the VS Code version: ${toast}`);
  await screenshot(page, 'e2e-ansflow-toast');
  await resetWorkbench(page);
}
