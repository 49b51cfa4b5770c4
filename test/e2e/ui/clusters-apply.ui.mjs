// UI check of "Apply Current File to Kubernetes" on the test apiserver (run e2e under
// test/infra/with-engines.sh with "kube … chromium"): the dry-run diff opens before the confirm
// modal; after another field manager took a field, the modal names it and its manager, and the
// apply goes through only after "Force Apply". Screenshots: test-results/e2e-clusters-apply-*.png.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openFile, runPaletteCommand, screenshot, settled, waitForToast, resetWorkbench } from './workbench.mjs';

export const title = '(e2e) Clusters: apply the current file server-side after a dry-run diff; conflicts confirmed before forcing';

const NS = 'e2e-clu-apply';

function kubectl(args, input) {
  const r = spawnSync(process.env.ANSFLOW_TEST_KUBECTL ?? 'kubectl', args, { input, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr || r.error}`);
  return r.stdout.trim();
}

const manifest = (value) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: ${NS}\ndata:\n  mode: ${value}\n`;

async function modal(page, assert, want, button) {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: 60_000 });
  const text = (await dialog.textContent()) ?? '';
  assert(want.test(text), `the modal says ${want} (saw: ${text.slice(0, 300)})`);
  await settled(dialog);
  return { dialog, text, click: async () => { await dialog.locator('a.monaco-button, button', { hasText: button }).first().click(); await dialog.waitFor({ state: 'hidden', timeout: 10_000 }); } };
}

export default async function check({ page, workspace, assert }) {
  if (!process.env.ANSFLOW_TEST_KUBECONFIG || !process.env.ANSFLOW_TEST_KUBECTL) {
    console.log('  (no test apiserver in this run: the apply check needs with-engines "kube")');
    return;
  }
  kubectl(['apply', '-f', '-'], `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${NS} }\n`);
  const file = 'e2e-clusters-apply.yaml';
  const file2 = 'e2e-clusters-apply-again.yaml';
  try {
    // Both files exist from the start: Quick Open finds a file only once the workspace search saw it.
    writeFileSync(join(workspace, file), manifest('first'));
    writeFileSync(join(workspace, file2), manifest('second'));
    await openFile(page, file);
    await runPaletteCommand(page, 'AnsFlow: Apply Current File to Kubernetes');
    // The dry-run diff is open behind the confirm modal.
    const first = await modal(page, assert, /Apply to context .*ConfigMap\/settings: created/s, 'Apply');
    assert((await page.locator('.tabs-container .tab', { hasText: 'live ↔ after apply (dry run)' }).count()) > 0, 'the dry-run diff editor is open');
    await screenshot(page, 'e2e-clusters-apply-diff');
    await first.click();
    await waitForToast(page, /Applied to .*ConfigMap\/settings created/);
    assert(kubectl(['get', 'configmap', 'settings', '-n', NS, '-o', 'jsonpath={.data.mode}']) === 'first', 'the ConfigMap was created');

    // Another tool takes data.mode over; our next apply conflicts and must say so before forcing.
    kubectl(['apply', '--server-side', '--force-conflicts', '--field-manager=other-tool', '-f', '-'], manifest('theirs'));
    await openFile(page, file2);
    await runPaletteCommand(page, 'AnsFlow: Apply Current File to Kubernetes');
    const conflict = await modal(page, assert, /\.data\.mode — owned by "other-tool"/, 'Force Apply');
    await screenshot(page, 'e2e-clusters-apply-conflict');
    await conflict.click();
    const forced = await modal(page, assert, /\(forcing conflicts\).*ConfigMap\/settings: configured/s, 'Apply');
    await forced.click();
    await waitForToast(page, /Applied to .*ConfigMap\/settings configured/);
    assert(kubectl(['get', 'configmap', 'settings', '-n', NS, '-o', 'jsonpath={.data.mode}']) === 'second', 'the forced apply changed the value');
  } finally {
    await resetWorkbench(page);
    spawnSync(process.env.ANSFLOW_TEST_KUBECTL, ['delete', 'namespace', NS, '--wait=false'], { timeout: 30_000 });
  }
}
