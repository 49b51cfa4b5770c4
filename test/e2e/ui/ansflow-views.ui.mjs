// UI check: the AnsFlow container in the real workbench shows its six views with welcome texts,
// and a palette command from the extension runs and shows its notification.
import { readdirSync, readFileSync } from 'node:fs';
import { openFile, openViewContainer, settled, viewRows, viewHeaderTitles, runPaletteCommand, waitForToast, screenshot, resetWorkbench, setViewExpanded } from './workbench.mjs';

export const title = '(e2e) AnsFlow view container, welcome texts and a palette command';

/** Runs the check against an open workbench page; throws on failure. */
export default async function check({ page, repoRoot, workspace, assert }) {
  const pkg = JSON.parse(readFileSync(`${repoRoot}/package.json`, 'utf8'));
  const views = pkg.contributes.views.ansflow.map((v) => v.name);

  // Show a real example in the editor when the workspace has one (the screenshot feeds the README).
  const example = readdirSync(workspace).filter((f) => f.endsWith('.ansflow.yaml')).sort();
  const shown = example.includes('web-app.ansflow.yaml') ? 'web-app.ansflow.yaml' : (example[0] ?? 'e2e-fixtures/minimal.ansflow.yaml');
  await openFile(page, shown);
  const sidebar = await openViewContainer(page, 'AnsFlow');
  const headers = await viewHeaderTitles(page);
  for (const name of views) {
    assert(headers.some((h) => h.toLowerCase() === name.toLowerCase()), `view header "${name}" shown (saw: ${headers.join(', ')})`);
  }
  // Every view renders something: its welcome text (from the manifest) while empty, else tree rows.
  const welcome = pkg.contributes.viewsWelcome.map((w) => w.contents.split('\n')[0].replace(/`/g, '').slice(0, 30));
  const panes = sidebar.locator('.pane');
  const deadline = Date.now() + 30_000;
  let blank = [];
  do {
    blank = [];
    for (let i = 0; i < (await panes.count()); i++) {
      const pane = panes.nth(i);
      const name = ((await pane.locator('.pane-header h3.title').textContent()) ?? '').trim();
      const text = (await pane.locator('.welcome-view-content').allTextContents()).join('\n');
      const rows = await pane.locator('.monaco-list-row').count();
      if (!rows && !welcome.some((w) => text.includes(w))) blank.push(name);
    }
    if (blank.length) await page.waitForTimeout(250);
  } while (blank.length && Date.now() < deadline);
  assert(blank.length === 0, `views show a welcome text or rows (blank: ${blank.join(', ')})`);
  // The workspace holds pipelines, so the Pipelines view lists them: its rows name workspace pipeline
  // files (rows are virtualised, so only the first ones are in the DOM). An empty view is a failure.
  await setViewExpanded(page, 'Pipelines');
  const pipelineRows = viewRows(page, 'Pipelines');
  await pipelineRows.first().waitFor({ state: 'visible', timeout: 30_000 }).catch(() => undefined);
  assert((await pipelineRows.count()) > 0, `the Pipelines view lists the workspace's pipelines (${example.join(', ') || 'e2e-fixtures'}) but shows no row`);
  const first = (await pipelineRows.first().textContent()) ?? '';
  assert(/\.ansflow\.ya?ml/.test(first), `a Pipelines row names a pipeline file (saw: ${first})`);
  await settled(sidebar);
  await screenshot(page, 'e2e-ansflow-views');

  await runPaletteCommand(page, 'AnsFlow: Show Version', { screenshotName: 'e2e-ansflow-palette' });
  const toast = await waitForToast(page, /AnsFlow .* is active/);
  assert(/VS Code \d+\.\d+\.\d+/.test(toast), `toast names the VS Code version: ${toast}`);
  await screenshot(page, 'e2e-ansflow-toast');
  await resetWorkbench(page);
}
