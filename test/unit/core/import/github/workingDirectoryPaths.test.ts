// GitHub reads actions/cache and upload-artifact paths from the workspace root; our cache paths and
// artifacts are relative to the step's working directory, so under a working directory the
// importer rebases them (a cache path outside it is left out, with a warning).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importCi } from '../../../../../src/core/import/index.js';

function makeStep(jobExtra: string, stepExtra = '') {
  const result = importCi('.github/workflows/ci.yml', `on: push
jobs:
  build:
    runs-on: ubuntu-latest
${jobExtra}    steps:
      - uses: actions/cache@v4
        with:
          path: |
            app/node_modules
            tools/cache
          key: npm-\${{ hashFiles('app/package-lock.json') }}
      - run: make
${stepExtra}      - uses: actions/upload-artifact@v4
        with:
          name: dist
          path: |
            app/dist/**/*.js
            !app/dist/**/*.map
      - uses: actions/upload-artifact@v4
        with:
          name: report
          path: other/report.txt
  ship:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
        with:
          name: dist
          path: out
`);
  assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
  const steps = (result.draft.pipeline.jobs as Record<string, { steps: Record<string, Record<string, unknown>> }>).build!.steps;
  const ship = (result.draft.pipeline.jobs as Record<string, { steps: Record<string, { with?: { run?: string } }> }>).ship!.steps;
  return { step: steps.make!, copy: Object.values(ship)[0]!.with!.run!, warnings: result.draft.warnings.map((w) => w.message) };
}

test('(unit) github import: under a job default working directory, cache and artifact paths lose its prefix', () => {
  const { step, copy, warnings } = makeStep(`    defaults:\n      run:\n        working-directory: ./app/\n`);
  assert.deepEqual((step.cache as { paths: string[] }).paths, ['node_modules']);
  assert.deepEqual(step.artifacts, ['dist/**/*.js', '!dist/**/*.map', '../other/report.txt']);
  assert.equal(warnings.filter((w) => /tools\/cache/.test(w)).length, 1, warnings.join('\n'));
  // Kept files are stored as the step's globs spell them, so the download copies from dist/.
  assert.match(copy, /\$ANSFLOW_ARTIFACTS\/make\/dist\/\./);
});

test('(unit) github import: a step working-directory rebases the paths of that step', () => {
  const { step } = makeStep('', `        working-directory: app\n`);
  assert.deepEqual(step.artifacts, ['dist/**/*.js', '!dist/**/*.map', '../other/report.txt']);
});

test('(unit) github import: without a working directory the paths stay as written', () => {
  const { step, copy, warnings } = makeStep('');
  assert.match(copy, /\$ANSFLOW_ARTIFACTS\/make\/app\/dist\/\./);
  assert.deepEqual((step.cache as { paths: string[] }).paths, ['app/node_modules', 'tools/cache']);
  assert.deepEqual(step.artifacts, ['app/dist/**/*.js', '!app/dist/**/*.map', 'other/report.txt']);
  assert.deepEqual(warnings.filter((w) => /working director/.test(w)), []);
});
