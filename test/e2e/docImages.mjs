// The guide's screenshots (docs/images/) come from the UI checks: with ANSFLOW_UPDATE_DOC_IMAGES=1 an e2e
// run copies the chosen screenshots over them, so the pictures follow the product instead of going stale.
// Only a screenshot written by a check that passed in this run is copied: a skipped, failed or engine-less
// check (which pictures a welcome row instead) leaves the committed image alone.
import { copyFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** docs/images file ← the UI check that takes the screenshot and the screenshot's name in test-results/. */
export const DOC_IMAGES = [
  { image: 'ansflow-views.png', check: 'ansflow-views.ui.mjs', screenshot: 'e2e-ansflow-views.png' },
  { image: 'ansflow-walkthrough.png', check: 'walkthrough.ui.mjs', screenshot: 'e2e-walkthrough.png' },
  { image: 'ansflow-language-squiggle.png', check: 'language-squiggle.ui.mjs', screenshot: 'e2e-language-squiggle.png' },
  { image: 'ansflow-run-codelens.png', check: 'run.ui.mjs', screenshot: 'e2e-run-codelens.png' },
  { image: 'ansflow-run-approval.png', check: 'run.ui.mjs', screenshot: 'e2e-run-approval.png' },
  { image: 'ansflow-run-dashboard.png', check: 'run.ui.mjs', screenshot: 'e2e-run-dashboard.png' },
  { image: 'ansflow-run-problems.png', check: 'run.ui.mjs', screenshot: 'e2e-run-problems.png' },
  { image: 'ansflow-graph.png', check: 'graph.ui.mjs', screenshot: 'e2e-graph.png' },
  { image: 'ansflow-debug.png', check: 'debug.ui.mjs', screenshot: 'e2e-debug-paused.png' },
  { image: 'ansflow-clusters.png', check: 'clusters.ui.mjs', screenshot: 'e2e-clusters-menu.png' },
  { image: 'ansflow-containers.png', check: 'containers.ui.mjs', screenshot: 'e2e-containers-logs.png' },
  { image: 'ansflow-helm-rollback.png', check: 'helm.ui.mjs', screenshot: 'e2e-helm-rollback-preview.png' },
  { image: 'ansflow-inventories.png', check: 'inventories.ui.mjs', screenshot: 'e2e-inventories.png' },
];

/**
 * Copies the screenshots of checks that passed (`passed`: check file → start time in ms) into `imagesDir`.
 * Returns the images it wrote.
 */
export function copyDocImages(resultsDir, imagesDir, passed) {
  const written = [];
  for (const { image, check, screenshot } of DOC_IMAGES) {
    const since = passed.get(check);
    const from = join(resultsDir, screenshot);
    if (since === undefined || !existsSync(from) || statSync(from).mtimeMs < since) continue;
    copyFileSync(from, join(imagesDir, image));
    written.push(image);
  }
  return written;
}
