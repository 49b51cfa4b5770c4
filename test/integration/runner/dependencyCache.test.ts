// (integration) `cache: {key, paths, restoreKeys}` through the real runner and shell: a step that
// fills a folder (no npm needed) saves it; the next run restores it by exact key and saves nothing;
// a changed key falls back to a restoreKeys prefix and saves the new key; a failed step saves nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePipeline } from '../../../src/core/pipeline/index.js';
import { runPipeline } from '../../../src/core/runner/index.js';
import { DependencyCache } from '../../../src/core/runner/cache/dependencyCache.js';

const PIPELINE = (run: string) => `version: 1
steps:
  deps:
    type: shell
    workingDirectory: app
    cache:
      key: deps-\${{ hashFiles('app/lock.txt') }}
      restoreKeys: [deps-]
      paths: [vendor]
    with:
      run: |
        ${run}
`;

const FILL = `if [ -f vendor/made.txt ]; then echo "found $(cat vendor/made.txt)"; else mkdir -p vendor/sub && cat lock.txt > vendor/made.txt && echo x > vendor/sub/deep.txt && echo built; fi`;

async function run(ws: string, cacheDir: string, script = FILL): Promise<{ status: string; log: string }> {
  const parsed = parsePipeline(PIPELINE(script), { file: join(ws, 'p.ansflow.yaml') });
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
  const h = runPipeline(parsed, { workspace: ws, baseEnv: { ...process.env, ANSFLOW_CACHE_DIR: cacheDir } });
  let log = '';
  h.onEvent((e) => {
    if (e.type === 'step-log') log += e.text;
  });
  const s = await h.done;
  return { status: s.steps[0]!.status, log };
}

test('(integration) dependency cache: save after success, exact restore, restoreKeys fallback, nothing saved on failure', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-depcache-it-'));
  const cacheDir = mkdtempSync(join(tmpdir(), 'ansflow-depcache-store-'));
  const app = join(ws, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'lock.txt'), 'v1');
  const store = new DependencyCache(cacheDir);

  const first = await run(ws, cacheDir);
  assert.equal(first.status, 'success', first.log);
  assert.match(first.log, /cache: no entry for 'deps-[0-9a-f]{64}'/);
  assert.match(first.log, /built/);
  assert.match(first.log, /cache: saved 'deps-[0-9a-f]{64}' \(2 files/);
  const k1 = store.list()[0]!.key;

  rmSync(join(app, 'vendor'), { recursive: true });
  const second = await run(ws, cacheDir);
  assert.equal(second.status, 'success', second.log);
  assert.match(second.log, new RegExp(`cache: restored '${k1}'`));
  assert.match(second.log, /found v1/);
  assert.doesNotMatch(second.log, /cache: saved/, 'an exact hit is not saved again');
  assert.equal(readFileSync(join(app, 'vendor', 'sub', 'deep.txt'), 'utf8'), 'x\n');

  // A new lock file: a new key; the old entry is restored through the prefix, then the new key saved.
  writeFileSync(join(app, 'lock.txt'), 'v2');
  rmSync(join(app, 'vendor'), { recursive: true });
  const third = await run(ws, cacheDir);
  assert.equal(third.status, 'success', third.log);
  assert.match(third.log, new RegExp(`cache: restored from '${k1}' \\(no entry for 'deps-`));
  assert.match(third.log, /found v1/);
  assert.match(third.log, /cache: saved 'deps-/);
  assert.equal(store.list().length, 2);

  // A failing step saves nothing.
  writeFileSync(join(app, 'lock.txt'), 'v3');
  const failed = await run(ws, cacheDir, 'mkdir -p vendor && exit 3');
  assert.equal(failed.status, 'failed');
  assert.doesNotMatch(failed.log, /cache: saved/);
  assert.equal(store.list().length, 2);
  assert.ok(existsSync(cacheDir));
});
