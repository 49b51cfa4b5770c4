// UI check of the Clusters view in the real workbench, on the test apiserver + kubelet (run e2e
// under test/infra/with-engines.sh with "docker kube kube-node chromium"): expand the selected
// context > a seeded namespace > Workloads > Pods to a Running pod and open its context menu.
// Screenshots: test-results/e2e-clusters-pod.png, e2e-clusters-menu.png. Without a test cluster
// it checks the welcome text instead.
import { spawnSync } from 'node:child_process';
import { openViewContainer, screenshot, settled, viewRows, resetWorkbench, parkMouse, showOnlyView, expandRow } from './workbench.mjs';
import { manifestText, pod } from '../../helpers/kubePods.mjs';

export const title = '(e2e) Clusters view: expand to a running pod, its actions menu';

const BASE_NS = 'e2e-clu-ui';
/** A namespace per try: a retried check must not meet the first try's namespace still terminating. */
let tries = 0;

function kubectl(args, input) {
  const r = spawnSync(process.env.ANSFLOW_TEST_KUBECTL ?? 'kubectl', args, { input, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr || r.error}`);
  return r.stdout.trim();
}

export default async function check({ page, assert }) {
  const NS = ++tries === 1 ? BASE_NS : `${BASE_NS}-${tries}`;
  const sidebar = await openViewContainer(page, 'AnsFlow');
  // Give the Clusters view the room: collapse the other views.
  await showOnlyView(page, 'Clusters');
  const pane = sidebar.locator('.pane').filter({ has: page.locator('.pane-header h3.title', { hasText: /^\s*Clusters\s*$/i }) });
  const haveCluster = process.env.ANSFLOW_TEST_KUBECONFIG && process.env.ANSFLOW_TEST_KUBECTL && (process.env.ANSFLOW_TEST_ENGINES ?? '').includes('kube-node');
  if (!haveCluster) {
    await pane.locator('.welcome-view-content', { hasText: 'No Kubernetes contexts found' }).waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'e2e-clusters-welcome');
    return;
  }
  kubectl(['apply', '-f', '-'], `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${NS} }\n`);
  for (let i = 0; i < 600 && !kubectl(['get', 'serviceaccounts', '-n', NS, '-o', 'name']).includes('default'); i++) await page.waitForTimeout(100);
  kubectl(['apply', '-f', '-'], manifestText(pod({ name: 'hello', namespace: NS }, { terminationGracePeriodSeconds: 1, containers: [{ name: 'main', imagePullPolicy: 'Never', command: ['sh', '-c', 'echo ui-up; exec sleep 3600'] }] })));
  try {
    const context = kubectl(['config', 'current-context']);
    const rows = viewRows(page, 'Clusters');
    const expand = (text) => expandRow(page, rows, text);
    await expand(context);
    await expand(NS);
    await expand('Workloads');
    await expand('Pods');
    const pod = rows.filter({ hasText: /hello.*Running · 1\/1/ }).first();
    await pod.waitFor({ state: 'visible', timeout: 120_000 });
    const text = (await pod.textContent()) ?? '';
    assert(/hello/.test(text) && /Running · 1\/1/.test(text), `the pod row shows its status (saw: ${text})`);
    await parkMouse(page);
    await settled(pane);
    await screenshot(page, 'e2e-clusters-pod');
    await pod.click({ button: 'right' });
    const menu = page.locator('.context-view .monaco-menu');
    await menu.waitFor({ state: 'visible', timeout: 30_000 });
    const items = (await menu.locator('.action-label').allTextContents()).map((t) => t.trim());
    for (const want of ['Follow Pod Logs', 'Open Shell in Container', 'Delete Kubernetes Object…']) assert(items.includes(want), `the pod menu offers "${want}" (saw: ${items.join(', ')})`);
    await screenshot(page, 'e2e-clusters-menu');
  } finally {
    await resetWorkbench(page);
    spawnSync(process.env.ANSFLOW_TEST_KUBECTL ?? 'kubectl', ['delete', 'namespace', NS, '--wait=false'], { timeout: 30_000 });
  }
}
