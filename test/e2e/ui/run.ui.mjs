// UI check of the run experience in the real workbench: run a pipeline from its code lens, answer
// the approval notification (not modal: the graph node and the Runs view answer the same request),
// see the run in the Runs view, and open the runs dashboard webview.
// Screenshots: test-results/e2e-run-*.png.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openFile, openViewContainer, runPaletteCommand, screenshot, settled, resetWorkbench, setViewExpanded } from './workbench.mjs';

export const title = '(e2e) run from the code lens, approval notification, Runs view and dashboard';

const PIPELINE = `version: 1
name: e2e-approve
steps:
  build:
    type: shell
    with:
      run: echo "building the thing"
  gate:
    type: approval
    needs: [build]
    with:
      message: Deploy the build to staging?
  deploy:
    type: shell
    needs: [gate]
    with:
      run: echo "deployed"
`;

const FAILING = `version: 1
name: e2e-broken
steps:
  compile:
    type: shell
    with:
      run: |
        echo "compiling main.c"
        echo "main.c:2:10: error: 'y' undeclared" >&2
        exit 2
`;

/** Runs the check against an open workbench page; throws on failure. */
export default async function check({ page, workspace, assert }) {
  mkdirSync(join(workspace, 'e2e-ui'), { recursive: true });
  writeFileSync(join(workspace, 'e2e-ui', 'approve.ansflow.yaml'), PIPELINE);
  await openFile(page, 'e2e-ui/approve.ansflow.yaml');

  // The code lens at the top of the pipeline (from the language features) runs it.
  const lens = page.locator('.part.editor .codelens-decoration a', { hasText: 'Run pipeline' }).first();
  await lens.waitFor({ state: 'visible', timeout: 30_000 });
  await screenshot(page, 'e2e-run-codelens');
  await lens.click();

  // The approval notification shows the message and what follows; no modal blocks the workbench.
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Deploy the build to staging?' }).first();
  await toast.waitFor({ state: 'visible', timeout: 30_000 });
  const text = (await toast.textContent()) ?? '';
  assert(text.includes('next: deploy'), `the notification lists what follows (saw: ${text.slice(0, 300)})`);
  assert((await page.locator('.monaco-dialog-box').count()) === 0, 'a modal dialog is up');
  await settled(toast);
  await screenshot(page, 'e2e-run-approval');
  await toast.locator('a.monaco-button, button', { hasText: 'Approve' }).first().click();
  await toast.waitFor({ state: 'hidden', timeout: 10_000 });

  // The run shows up in the Runs view and succeeds.
  const sidebar = await openViewContainer(page, 'AnsFlow');
  await setViewExpanded(page, 'Runs');
  const row = sidebar.locator('.monaco-list-row', { hasText: 'e2e-approve' }).filter({ hasText: 'success' }).first();
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  await settled(row);
  await screenshot(page, 'e2e-run-runs-view');

  // The dashboard renders the recorded runs from host-computed data.
  await runPaletteCommand(page, 'AnsFlow: Show Runs Dashboard');
  const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const recent = frame.locator('table[aria-label="Recent runs"] tbody tr', { hasText: 'e2e-approve' }).first();
  await recent.waitFor({ state: 'visible', timeout: 30_000 });
  assert(((await recent.textContent()) ?? '').includes('success'), 'the dashboard lists the run as a success');
  await frame.locator('figure[aria-label="Success rate over time"] svg').waitFor({ state: 'visible', timeout: 10_000 });
  await screenshot(page, 'e2e-run-dashboard');
  await resetWorkbench(page);

  // A failing step: its terminal ends with the summary and the Problems panel lists both entries.
  writeFileSync(join(workspace, 'e2e-ui', 'main.c'), 'int main(void) {\n  return y;\n}\n');
  writeFileSync(join(workspace, 'e2e-ui', 'broken.ansflow.yaml'), FAILING);
  await openFile(page, 'e2e-ui/broken.ansflow.yaml');
  const lens2 = page.locator('.part.editor .codelens-decoration a', { hasText: 'Run pipeline' }).first();
  await lens2.waitFor({ state: 'visible', timeout: 30_000 });
  await lens2.click();
  await page.locator('.notifications-toasts .notification-toast', { hasText: 'e2e-broken failed' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.keyboard.press('Control+Shift+M');
  const markers = page.locator('.markers-panel .monaco-list-row');
  await markers.filter({ hasText: 'exit code 2' }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await markers.filter({ hasText: 'undeclared' }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await screenshot(page, 'e2e-run-problems');
  await resetWorkbench(page);
}
