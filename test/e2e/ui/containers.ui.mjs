// UI check of the Containers view in the real workbench, on the test dockerd (run e2e under
// test/infra/with-engines.sh with "docker chromium"; code-server inherits DOCKER_HOST): a running
// container shows as a green row under Containers, its context menu offers the actions, and
// "Show Container Logs" opens a terminal with its output. Screenshots: test-results/e2e-containers-tree.png,
// e2e-containers-menu.png, e2e-containers-logs.png. Without the test dockerd it checks that the view
// names the engine it could not reach.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openViewContainer, screenshot, settled, viewRows, resetWorkbench, parkMouse, showOnlyView, restoreViews, showChildRow } from './workbench.mjs';

export const title = '(e2e) Containers view: a running container, its actions menu and its logs in a terminal';

const image = process.env.ANSFLOW_TEST_BUSYBOX_IMAGE ?? 'ansflow-test/busybox:1';
const NAME = 'e2e-ui-web';

function docker(args) {
  const r = spawnSync('docker', args, { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stderr || r.error}`);
  return r.stdout.trim();
}

/** Turns xterm's WebGL renderer off in the workspace so the terminal's text is in the DOM; returns the undo. */
function domTerminal(workspace) {
  const dir = join(workspace, '.vscode');
  const file = join(dir, 'settings.json');
  const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify({ ...(before ? JSON.parse(before) : {}), 'terminal.integrated.gpuAcceleration': 'off' }, null, 2));
  return () => (before === undefined ? writeFileSync(file, '{}\n') : writeFileSync(file, before));
}

export default async function check({ page, assert, workspace }) {
  const sidebar = await openViewContainer(page, 'AnsFlow');
  // Give the Containers view the room: collapse the other views (later checks find them as they were).
  const collapsed = await showOnlyView(page, 'Containers');
  const rows = viewRows(page, 'Containers');
  const haveDocker = process.env.DOCKER_HOST && (process.env.ANSFLOW_TEST_ENGINES ?? '').split(/\s+/).includes('docker');
  if (!haveDocker) {
    const row = rows.filter({ hasText: /No Docker engine answered|Containers/ }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    await parkMouse(page);
    await screenshot(page, 'e2e-containers-no-engine');
    return;
  }
  spawnSync('docker', ['rm', '-f', NAME, `${NAME}-db`], { encoding: 'utf8' });
  const undoSettings = domTerminal(workspace);
  docker(['run', '-d', '--name', NAME, '-l', 'com.docker.compose.project=demo', '-l', 'com.docker.compose.service=web', image, 'sh', '-c', 'i=0; while true; do echo "web request $i served"; i=$((i+1)); sleep 1; done']);
  docker(['run', '-d', '--name', `${NAME}-db`, '-l', 'com.docker.compose.project=demo', '-l', 'com.docker.compose.service=db', image, 'sh', '-c', 'echo db ready; exec sleep 600']);
  try {
    // The compose project row keeps the expansion state an earlier session left it in: open it.
    // (A row can also be drawn collapsed for a moment while its children load: clicking it then would
    // collapse it for good, so the helper gives each click time to take effect.)
    const project = rows.filter({ hasText: /^demo/ }).first();
    const row = rows.filter({ hasText: NAME }).filter({ hasText: 'Up' }).first();
    await showChildRow(project, row, { timeoutMs: 60_000 });
    // Both containers were just started: the count catches up with the engine's events.
    await rows.filter({ hasText: /^demo/ }).filter({ hasText: '2/2 running' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    // the state colour: a running row's icon uses the green chart colour
    const icon = row.locator('.custom-view-tree-node-item-icon, .codicon').first();
    const color = await icon.evaluate((el) => getComputedStyle(el).color).catch(() => '');
    assert(color && color !== 'rgba(0, 0, 0, 0)', `the running row has a coloured icon (${color})`);
    await parkMouse(page);
    await settled(sidebar);
    await screenshot(page, 'e2e-containers-tree');

    const menu = page.locator('.context-view .monaco-menu, .monaco-menu-container').first();
    let items = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      await row.click({ button: 'right' });
      await menu.waitFor({ state: 'visible', timeout: 15_000 });
      items = (await menu.locator('.action-label').allTextContents()).map((s) => s.trim()).filter(Boolean);
      if (items.includes('Show Container Logs')) break;
      // An engine event redrew the tree between finding the row and the click, and the menu opened on the
      // row drawn there then (seen: the compose project's). Close it and ask the container row again; a
      // container row without its items fails below after three tries.
      await page.keyboard.press('Escape');
      await menu.waitFor({ state: 'hidden', timeout: 15_000 });
    }
    for (const want of ['Show Container Logs', 'Open Shell in Container…', 'Stop Container', 'Remove Container…', 'Inspect Docker Object']) {
      assert(items.includes(want), `the context menu offers "${want}" (saw: ${items.join(', ')})`);
    }
    await screenshot(page, 'e2e-containers-menu');
    await menu.locator('.action-label', { hasText: /^Show Container Logs$/ }).first().click();

    // the terminal's name shows in the panel (its tab list, or the title when it is the only terminal)
    await page.locator('.part.panel', { hasText: `Logs: ${NAME}` }).first().waitFor({ state: 'visible', timeout: 30_000 });
    // The output itself, in xterm's DOM rows (WebGL is off for this workspace, see domTerminal).
    const output = page.locator('.part.panel .xterm-rows', { hasText: /web request \d+ served/ }).first();
    await output.waitFor({ state: 'visible', timeout: 30_000 });
    await parkMouse(page);
    await page.waitForTimeout(300);
    await screenshot(page, 'e2e-containers-logs');
  } finally {
    spawnSync('docker', ['rm', '-f', NAME, `${NAME}-db`], { encoding: 'utf8' });
    undoSettings();
    await resetWorkbench(page);
    await restoreViews(page, collapsed);
  }
}
