// UI check of an alert notification's buttons in the real workbench: with a `runFailed` rule in the remote
// (machine) settings, a failing run raises "AnsFlow alert: …"; **Show** brings up the run's terminal, **Mute for 1
// hour** silences that pipeline (its next failure alerts nothing, while another pipeline's still does).
// Screenshot: test-results/e2e-alert-toast.png.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openFile, runPaletteCommand, screenshot, settled, waitForToast } from './workbench.mjs';

export const title = '(e2e) alert notification: Show opens the failed run, Mute for 1 hour silences its pipeline';

const failing = (name) => `version: 1
name: ${name}
steps:
  fail:
    type: shell
    with:
      run: |
        echo "about to fail"
        exit 3
`;

const alertToast = (page, pipeline) => page.locator('.notifications-toasts .notification-toast', { hasText: `AnsFlow alert: Run of ${pipeline} failed` }).first();

async function runFromLens(page, file) {
  await openFile(page, file);
  const lens = page.locator('.part.editor .codelens-decoration a', { hasText: 'Run pipeline' }).first();
  await lens.waitFor({ state: 'visible', timeout: 30_000 });
  await lens.click();
}

/** Runs the check against an open workbench page; throws on failure. */
export default async function check({ page, server, workspace, assert }) {
  mkdirSync(join(workspace, 'e2e-ui'), { recursive: true });
  writeFileSync(join(workspace, 'e2e-ui', 'alert-a.ansflow.yaml'), failing('e2e-alert-a'));
  writeFileSync(join(workspace, 'e2e-ui', 'alert-b.ansflow.yaml'), failing('e2e-alert-b'));
  // The rules are machine-scoped, and code-server is a remote set-up: VS Code ignores a user value there and reads
  // the remote (Machine) settings under the server's state folder, next to its log.
  const machineDir = join(dirname(server.logFile), 'user-data', 'Machine');
  const settingsFile = join(machineDir, 'settings.json');
  mkdirSync(machineDir, { recursive: true });
  const before = existsSync(settingsFile) ? readFileSync(settingsFile, 'utf8') : undefined;
  writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(before || '{}'), 'ansflow.alerts.rules': [{ kind: 'runFailed' }, { kind: 'e2eNoSuchKind' }] }, null, 2));
  try {
    // The unknown rule's warning appears once the setting was read, so the engine runs from here on.
    await waitForToast(page, /alert rule\(s\) ignored/, { timeoutMs: 60_000 });
    await runPaletteCommand(page, 'Notifications: Clear All Notifications');

    // Show: hide the panel first, so the run's terminal appearing is the button's doing.
    await runFromLens(page, 'e2e-ui/alert-a.ansflow.yaml');
    const first = alertToast(page, 'e2e-alert-a');
    await first.waitFor({ state: 'visible', timeout: 60_000 });
    await settled(first);
    await screenshot(page, 'e2e-alert-toast');
    await runPaletteCommand(page, 'View: Hide Panel');
    await page.locator('.part.panel').waitFor({ state: 'hidden', timeout: 10_000 });
    await first.locator('.monaco-button', { hasText: /^Show$/ }).click();
    await page.locator('.part.panel', { hasText: 'e2e-alert-a' }).waitFor({ state: 'visible', timeout: 15_000 });
    await runPaletteCommand(page, 'Notifications: Clear All Notifications');

    // Mute: the next failure of the same pipeline alerts nothing.
    await runFromLens(page, 'e2e-ui/alert-a.ansflow.yaml');
    const second = alertToast(page, 'e2e-alert-a');
    await second.waitFor({ state: 'visible', timeout: 60_000 });
    await second.locator('.monaco-button', { hasText: 'Mute for 1 hour' }).click();
    await second.waitFor({ state: 'hidden', timeout: 10_000 });
    await runPaletteCommand(page, 'Notifications: Clear All Notifications');
    await runFromLens(page, 'e2e-ui/alert-a.ansflow.yaml');
    // The run notification (not an alert) says the muted pipeline's run has ended.
    await waitForToast(page, /AnsFlow: e2e-alert-a failed/, { timeoutMs: 60_000 });
    // Alerts arrive in the order runs end: once B's shows, a third alert for A would have shown before it.
    await runFromLens(page, 'e2e-ui/alert-b.ansflow.yaml');
    await alertToast(page, 'e2e-alert-b').waitFor({ state: 'visible', timeout: 60_000 });
    await runPaletteCommand(page, 'Notifications: Show Notifications');
    const center = page.locator('.notifications-center');
    await center.waitFor({ state: 'visible', timeout: 10_000 });
    const listed = (await center.textContent()) ?? '';
    assert(listed.includes('AnsFlow alert: Run of e2e-alert-b failed'), `the other pipeline still alerts (center: ${listed.slice(0, 400)})`);
    assert(!listed.includes('AnsFlow alert: Run of e2e-alert-a'), `the muted pipeline raised no alert (center: ${listed.slice(0, 400)})`);
    await runPaletteCommand(page, 'Notifications: Clear All Notifications');
  } finally {
    if (before === undefined) rmSync(settingsFile, { force: true });
    else writeFileSync(settingsFile, before);
  }
}
