// UI check: the Helm Releases view shows a release installed (two revisions) on the test apiserver;
// rolling back to revision 1 from its row first shows the manifest diff, then asks, and after the
// confirm the tree shows revision 3 live. Needs the kube and helm engines (run the e2e layer under
// test/infra/with-engines.sh so code-server inherits KUBECONFIG).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCI } from '../../ciMode.mjs';
import { openViewContainer, viewRows, settled, screenshot, resetWorkbench, parkMouse, showOnlyView, restoreViews, expandRow } from './workbench.mjs';

export const title = '(e2e) Helm Releases view: a release with its revisions, rolled back after viewing the diff';

const VIEW = 'Helm Releases';

function makeChart() {
  const chart = join(mkdtempSync(join(tmpdir(), 'ansflow-e2e-chart-')), 'demo');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: demo\nversion: 0.3.1\nappVersion: "2.4.0"\n');
  writeFileSync(join(chart, 'values.yaml'), 'color: blue\n');
  writeFileSync(join(chart, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cfg\ndata:\n  color: {{ .Values.color | quote }}\n');
  return chart;
}

/** Runs the check against an open workbench page; throws on failure. */
export default async function check({ page, assert }) {
  const helm = process.env.ANSFLOW_TEST_HELM;
  if (!helm || !process.env.ANSFLOW_TEST_KUBECONFIG) {
    const why = 'the kube and helm engines are not up (run: ANSFLOW_TEST_ENGINES_WANTED="kube helm" bash test/infra/with-engines.sh npm run test:e2e)';
    if (isCI()) throw new Error(`${why} — a missing engine fails the run under CI=true`);
    console.error(`\n[e2e] ############ SKIPPED ${title}: ${why} ############\n`);
    return;
  }
  const ns = `e2e-helm-${Date.now().toString(36)}`;
  const chart = makeChart();
  const run = (...args) => execFileSync(helm, args, { encoding: 'utf8' });
  run('install', 'e2e-web', chart, '-n', ns, '--create-namespace', '--set', 'color=red');
  run('upgrade', 'e2e-web', chart, '-n', ns, '--set', 'color=green');

  const sidebar = await openViewContainer(page, 'AnsFlow');
  const collapsed = await showOnlyView(page, VIEW);
  try {
    const rows = viewRows(page, VIEW);
    const row = (text) => rows.filter({ hasText: text }).first();
    const expand = (text) => expandRow(page, rows, text, { timeoutMs: 30_000 });
    // The selected context opens by itself; the test namespace and the release are expanded here.
    await expand(ns);
    const release = row(/e2e-web/);
    await release.waitFor({ state: 'visible', timeout: 30_000 });
    const text = ((await release.textContent()) ?? '').replace(/\s+/g, ' ');
    assert(/deployed · demo-0\.3\.1 · app 2\.4\.0 · rev 2/.test(text), `the release row shows status, chart, app version and revision (saw: ${text})`);
    await expand(/e2e-web/);
    const rev1 = row(/Revision 1(?!\d)/);
    await rev1.waitFor({ state: 'visible', timeout: 30_000 });
    await row(/Revision 2(?!\d)/).waitFor({ state: 'visible', timeout: 30_000 });
    await parkMouse(page);
    await settled(sidebar);
    await screenshot(page, 'e2e-helm-tree');

    // Roll back from revision 1's inline action: the diff editor opens first, then the confirm.
    await rev1.click();
    const rollback = rev1.locator('a.action-label[aria-label^="Roll Back Helm Release"]');
    await rollback.waitFor({ state: 'visible', timeout: 30_000 });
    await rollback.click();
    const diff = page.locator('.part.editor .monaco-diff-editor').first();
    await diff.waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.tabs-container .tab', { hasText: 'rollback preview' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    const question = ((await dialog.textContent()) ?? '').replace(/\s+/g, ' ');
    assert(/Roll back e2e-web \(namespace e2e-helm-[a-z0-9]+\) from revision 2 to revision 1\? The manifest changes by \+1 −1 lines\./.test(question), `the confirm names the rollback and the size of the change (saw: ${question})`);
    const diffText = ((await diff.textContent()) ?? '').replace(/\s+/g, ' ');
    assert(diffText.includes('color: "green"') && diffText.includes('color: "red"'), `the diff shows both revisions' values (saw: ${diffText.slice(0, 300)})`);
    await settled(dialog);
    await screenshot(page, 'e2e-helm-rollback-preview');
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Roll Back' }).click();

    // The watch brings revision 3 (the rollback) into the tree.
    await row(/Revision 3(?!\d)/).waitFor({ state: 'visible', timeout: 60_000 });
    const history = JSON.parse(run('history', 'e2e-web', '-n', ns, '-o', 'json'));
    const last = history.at(-1);
    assert(last.revision === 3 && last.status === 'deployed' && last.description === 'Rollback to 1', `helm history ends with the rollback (saw: ${JSON.stringify(last)})`);
    const after = ((await row(/e2e-web/).textContent()) ?? '').replace(/\s+/g, ' ');
    assert(/rev 3/.test(after), `the release row shows revision 3 (saw: ${after})`);
    await parkMouse(page);
    await settled(sidebar);
    await screenshot(page, 'e2e-helm-rolled-back');
  } finally {
    await restoreViews(page, collapsed);
    try {
      run('uninstall', 'e2e-web', '-n', ns);
    } catch {
      // The engines stop after the run anyway.
    }
    await resetWorkbench(page);
  }
}
