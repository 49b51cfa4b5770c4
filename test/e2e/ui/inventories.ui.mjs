// UI check: the Ansible Inventories view lists the fixture inventory; expanding it down to a host
// shows the host's merged variables, each with the file and line its value comes from.
import { openViewContainer, viewRows, settled, screenshot, resetWorkbench, parkMouse, waitForToast, showOnlyView, restoreViews, expandRow } from './workbench.mjs';

export const title = '(e2e) Ansible Inventories view shows a host\'s merged variables with their origin and pings it';

const VIEW = 'Ansible Inventories';

/** Runs the check against an open workbench page; throws on failure. */
export default async function check({ page, assert }) {
  const sidebar = await openViewContainer(page, 'AnsFlow');
  // Give the view room: collapse the other views for the screenshot, and put them back afterwards.
  const collapsed = await showOnlyView(page, VIEW);
  // Widen the sidebar so values and origins are readable in the screenshot; narrowed back afterwards.
  const box = await sidebar.boundingBox();
  const widen = async (from, to) => {
    if (!box) return;
    const y = box.y + box.height / 2;
    await page.mouse.move(from, y);
    await page.mouse.down();
    await page.mouse.move(to, y, { steps: 8 });
    await page.mouse.up();
  };
  const edge = box ? box.x + box.width : 0;
  await widen(edge - 1, edge + 260);
  try {
    const rows = viewRows(page, VIEW);
    const row = (text) => rows.filter({ hasText: text }).first();
    const expand = (text) => expandRow(page, rows, text, { timeoutMs: 30_000 });
    await expand('ansible-site/hosts.ini');
    // `all` opens by itself; web is a top-level group of this inventory.
    await row(/^\s*web\s*2 hosts/).waitFor({ state: 'visible', timeout: 30_000 }).catch(() => undefined);
    await expand(/^\s*web\s*2 hosts/);
    await expand(/^\s*web1\b/);
    const port = row(/http_port/);
    await port.waitFor({ state: 'visible', timeout: 30_000 });
    const portText = ((await port.textContent()) ?? '').replace(/\s+/g, ' ');
    assert(/8443 · host_vars\/web1\.yml:1/.test(portText), `http_port shows host_vars' value and origin (saw: ${portText})`);
    const server = ((await row(/server_name/).textContent()) ?? '').replace(/\s+/g, ' ');
    assert(/shop\.example\.org · group_vars\/web\.yml:2/.test(server), `server_name comes from group_vars/web.yml:2 (saw: ${server})`);
    const tz = ((await row(/timezone/).textContent()) ?? '').replace(/\s+/g, ' ');
    assert(/UTC · group_vars\/all\.yml:1/.test(tz), `timezone comes from group_vars/all.yml (saw: ${tz})`);
    await parkMouse(page);
    await settled(sidebar);
    await screenshot(page, 'e2e-inventories');

    // Ping the host from its inline action: the real `ansible -m ping` answers in a notification.
    const host = row(/^\s*web1\b/);
    await host.hover();
    await host.locator('.action-label[aria-label^="Ping"]').click();
    // The progress notification says the same command; the result adds " — N host(s): …".
    const toast = await waitForToast(page, /ansible web1 -m ping — \d+ host/, { timeoutMs: 60_000 });
    assert(/1 host: 1 ok/.test(toast), `the ping reports web1 reachable (saw: ${toast})`);
    await screenshot(page, 'e2e-inventories-ping');
  } finally {
    const now = await sidebar.boundingBox();
    if (box && now && now.width > box.width + 50) await widen(now.x + now.width - 1, edge).catch(() => undefined);
    await restoreViews(page, collapsed);
    await resetWorkbench(page);
  }
}
