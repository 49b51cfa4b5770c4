// UI check: "Welcome: Open Walkthrough…" lists "Get started with AnsFlow"; its page shows its six
// steps (CI import among them, shown since the importer exists), and the first step's button runs the gallery command: picking a gallery
// template and accepting the proposed name opens a new pipeline file, and the step is ticked.
// Screenshot: test-results/e2e-walkthrough.png (the walkthrough as a newcomer first sees it).
import { openPalette, parkMouse, resetWorkbench, screenshot, settled } from './workbench.mjs';

export const title = '(e2e) Get started walkthrough: opens from the Welcome page, first step creates a pipeline';

const WALKTHROUGH = 'Get started with AnsFlow';
const VISIBLE_STEPS = ['Create a pipeline from the gallery', 'Run it and watch the terminal', 'Fix a failing step from the Problems panel', 'Connect a cluster', 'Open the graph editor', 'Import an existing CI file'];

const row = (page, text) => page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first();

/** Opens the walkthrough through the palette (as a user would; the picker lists walkthroughs by title). */
async function openWalkthrough(page) {
  const input = await openPalette(page);
  await input.fill('>Welcome: Open Walkthrough');
  await row(page, 'Open Walkthrough').waitFor({ state: 'visible', timeout: 30_000 });
  await page.keyboard.press('Enter');
  await row(page, WALKTHROUGH).waitFor({ state: 'visible', timeout: 30_000 });
  await row(page, WALKTHROUGH).click();
  const pane = page.locator('.gettingStartedContainer');
  await pane.locator('h2', { hasText: WALKTHROUGH }).first().waitFor({ state: 'visible', timeout: 30_000 });
  return pane;
}

export default async function check({ page, assert }) {
  const pane = await openWalkthrough(page);
  for (const step of VISIBLE_STEPS) await pane.getByText(step, { exact: true }).first().waitFor({ state: 'visible', timeout: 10_000 });
  const gallery = pane.getByRole('button', { name: 'New Pipeline from the Gallery' });
  await gallery.waitFor({ state: 'visible', timeout: 10_000 });
  await settled(gallery);
  await parkMouse(page);
  await screenshot(page, 'e2e-walkthrough');

  // The first step's button is the real gallery command: empty template, proposed file name.
  await gallery.click();
  await page.locator('.quick-input-widget', { hasText: 'New Pipeline from Template' }).waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('.quick-input-widget .quick-input-box input').fill('nightly-backup');
  await row(page, 'nightly-backup.ansflow.yaml').waitFor({ state: 'visible', timeout: 30_000 });
  await page.keyboard.press('Enter');
  const nameBox = page.locator('.quick-input-widget .quick-input-box input');
  await page.locator('.quick-input-widget', { hasText: 'File name' }).waitFor({ state: 'visible', timeout: 30_000 });
  const proposed = await nameBox.inputValue();
  assert(/\.ansflow\.ya?ml$/.test(proposed), `the gallery proposes a pipeline file name (saw "${proposed}")`);
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: proposed.split('/').pop() }).waitFor({ state: 'visible', timeout: 30_000 });

  // Reopened, the walkthrough shows the step ticked by its completion event (onCommand:ansflow.newPipeline).
  await openWalkthrough(page);
  const done = pane.locator('.getting-started-step.complete, .getting-started-step:has(.complete)', { hasText: VISIBLE_STEPS[0] });
  await done.first().waitFor({ state: 'attached', timeout: 30_000 });
  const notDone = pane.locator('.getting-started-step.complete, .getting-started-step:has(.complete)', { hasText: VISIBLE_STEPS[4] });
  assert((await notDone.count()) === 0, 'a step whose command was not run stays unticked');
  await resetWorkbench(page);
}
