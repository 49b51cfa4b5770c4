// Every workflow of the GitHub corpus (test/fixtures/import/github/*.yml): imported, validated,
// planned with the source's job graph, compared with its golden pipeline; the ones that need no
// docker or network also run with the real runner in a temp folder and succeed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importCi } from '../../../../../src/core/import/index.js';
import { parsePipeline } from '../../../../../src/core/pipeline/index.js';
import { runPipeline } from '../../../../../src/core/runner/index.js';
import { roundTrip } from '../roundTrip.js';

const CORPUS = resolve(__dirname, '../../../../fixtures/import/github');
const files = readdirSync(CORPUS).filter((f) => /\.ya?ml$/.test(f) && !f.endsWith('.ansflow.yaml')).sort();

/** Workflows that run here as imported: no services, no containers, no network, no placeholders. */
const RUNNABLE = new Set(['node-matrix.yml', 'python-package.yml', 'artifacts-chain.yml', 'env-and-paths.yml', 'values-in-scripts.yml', 'nightly-matrix.yml', 'monorepo-changes.yml']);

test('(unit) github import corpus: at least 10 workflows', () => {
  assert.ok(files.length >= 10, `${files.length} workflows`);
});

for (const file of files) {
  test(`(unit) github import: ${file} validates, plans with the workflow's job graph and matches its golden`, async () => {
    const result = importCi(file, readFileSync(join(CORPUS, file), 'utf8'));
    assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
    assert.equal(result.draft.format, 'github', 'detected as a GitHub workflow by its keys');
    const { text } = await roundTrip(result.draft, { golden: join(CORPUS, file.replace(/\.ya?ml$/, '.ansflow.yaml')) });
    if (!RUNNABLE.has(file)) return;
    const dir = mkdtempSync(join(tmpdir(), 'ansflow-import-gh-'));
    const fixtures = join(CORPUS, file.replace(/\.ya?ml$/, '.files'));
    try {
      cpSync(fixtures, dir, { recursive: true });
    } catch {
      // no files to start from
    }
    writeFileSync(join(dir, 'ci.ansflow.yaml'), text);
    // The dependency cache of imported actions/cache steps goes to a folder of this test.
    process.env.ANSFLOW_CACHE_DIR = mkdtempSync(join(tmpdir(), 'ansflow-import-gh-cache-'));
    const summary = await runPipeline(parsePipeline(text, { file: join(dir, 'ci.ansflow.yaml') }), { workspace: dir, concurrency: 4 }).done;
    assert.equal(summary.status, 'success', JSON.stringify(summary.steps.filter((s) => s.status !== 'success').map((s) => [s.step, s.status, s.reason])));
  });
}
