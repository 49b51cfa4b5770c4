// Check run against a server whose extensions dir got the packaged VSIX via --install-extension
// (no extensionDevelopmentPath): the installed extension shows its container and its command works.
import { openViewContainer, viewHeaderTitles, runPaletteCommand, waitForToast, screenshot } from './workbench.mjs';

export const title = '(e2e) the packaged VSIX installs into code-server and works';

/** Runs the check against an open workbench page of the VSIX server; throws on failure. */
export default async function check({ page, assert }) {
  await openViewContainer(page, 'AnsFlow');
  const headers = await viewHeaderTitles(page);
  assert(headers.some((h) => /pipelines/i.test(h)), `the installed extension shows its Pipelines view (saw: ${headers.join(', ')})`);
  await runPaletteCommand(page, 'AnsFlow: Show Version');
  const toast = await waitForToast(page, /AnsFlow .* is active/);
  assert(!/Extension Development Host/.test(await page.title()), 'the workbench runs without extensionDevelopmentPath');
  await screenshot(page, 'e2e-vsix-installed');
  return toast;
}
