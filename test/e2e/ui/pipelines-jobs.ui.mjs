// UI check: the Pipelines view shows a job as a row of its own (step count and matrix instances)
// with its steps one level below it, for the matrix-ci example.
import { openViewContainer, resetWorkbench, restoreViews, screenshot, settled, showOnlyView, viewRows } from './workbench.mjs';

export const title = '(e2e) Pipelines view: a job is a row with its steps under it';

/** Runs the check against an open workbench page; throws on failure. */
export default async function check({ page, assert }) {
  const sidebar = await openViewContainer(page, 'AnsFlow');
  const collapsed = await showOnlyView(page, 'Pipelines');
  try {
    const rows = viewRows(page, 'Pipelines');
    // A pipeline row's click opens its file: its twistie expands it.
    const pipeline = rows.filter({ hasText: 'matrix-ci.ansflow.yaml' }).first();
    await pipeline.waitFor({ state: 'visible', timeout: 60_000 });
    for (let i = 0; i < 20 && (await pipeline.getAttribute('aria-expanded')) !== 'true'; i++) {
      await pipeline.locator('.monaco-tl-twistie').click();
      await page.waitForTimeout(200);
    }
    assert((await pipeline.getAttribute('aria-expanded')) === 'true', 'the matrix-ci row expands');
    const level = Number(await pipeline.getAttribute('aria-level'));
    // matrix-ci's job `test`: toolchain × flavour minus one exclude = 3 instances.
    const job = rows.filter({ hasText: /\d+ steps × 3/ }).first();
    await job.waitFor({ state: 'visible', timeout: 30_000 });
    assert(/^\s*test/.test((await job.textContent()) ?? ''), `the job row is named test (saw: ${await job.textContent()})`);
    assert(Number(await job.getAttribute('aria-level')) === level + 1, 'the job sits right under its pipeline');
    assert((await job.getAttribute('aria-expanded')) === 'true', 'the job row starts expanded');
    const build = rows.filter({ hasText: /^\s*buildshell/ }).first();
    await build.waitFor({ state: 'visible', timeout: 30_000 });
    assert(Number(await build.getAttribute('aria-level')) === level + 2, 'the job\'s steps sit under the job');
    const lint = rows.filter({ hasText: /^\s*lintshell/ }).first();
    assert(Number(await lint.getAttribute('aria-level')) === level + 1, 'a step outside jobs stays under the pipeline');
    await settled(sidebar);
    await screenshot(page, 'e2e-pipelines-jobs');
  } finally {
    await restoreViews(page, collapsed);
    await resetWorkbench(page);
  }
}
