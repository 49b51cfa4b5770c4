// UI check: a required parameter without a default is asked for with a quick pick built from its
// `params` schema, the run uses it, and the next run reuses the remembered value without asking.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openFile, screenshot, resetWorkbench } from './workbench.mjs';

export const title = '(e2e) Select Params: a required choice is asked for once and remembered';

const PIPELINE = `version: 1
name: e2e-params-ui
params:
  target:
    type: choice
    values: [staging, prod]
    required: true
    description: Where to deploy
steps:
  show:
    type: shell
    with:
      run: echo "\${{ params.target }}" >> params-trace.txt
`;

/** Runs the check against an open workbench page; throws on failure. */
export default async function check({ page, workspace, assert }) {
  const dir = join(workspace, 'e2e-ui');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'params.ansflow.yaml'), PIPELINE);
  writeFileSync(join(dir, 'params-trace.txt'), '');
  await openFile(page, 'e2e-ui/params.ansflow.yaml');
  const lens = page.locator('.part.editor .codelens-decoration a', { hasText: 'Run pipeline' }).first();
  await lens.waitFor({ state: 'visible', timeout: 30_000 });
  await lens.click();

  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'prod' }).first();
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  const widget = ((await page.locator('.quick-input-widget').textContent()) ?? '').trim();
  assert(widget.includes('target'), `the pick names the parameter (saw: ${widget.slice(0, 200)})`);
  await screenshot(page, 'e2e-run-params-pick');
  await row.click();

  const trace = join(dir, 'params-trace.txt');
  const until = async (want, what) => {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (readFileSync(trace, 'utf8') === want) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`timed out waiting for ${what}; trace is ${JSON.stringify(readFileSync(trace, 'utf8'))}`);
  };
  await until('prod\n', 'the run with target=prod');

  await lens.click();
  await until('prod\nprod\n', 'the second run with the remembered value');
  assert(!(await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'staging' }).first().isVisible()), 'no second prompt');
  await resetWorkbench(page);
}
