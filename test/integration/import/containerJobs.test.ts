// Imported CI files whose jobs run in containers, run on the test dockerd: a GitLab job with `image:`
// and a `services:` entry reached by its alias, and a GitHub job with `container:` and a step output.
// The corpus runs only the files that need no engine; these are the container half of "a run that
// succeeds" (the corpus images, node or python, cannot be pulled here, so the test busybox stands in).
// A step proves it ran in a container by a host name other than this machine's (docker gives the
// container's id; /.dockerenv would not do where the tests themselves run in a container).
const NOT_HERE = `test "$(hostname)" != '${hostname()}'`;
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { busyboxImage, requireEngine } from '../engines.js';
import { emitDraft, importCi } from '../../../src/core/import/index.js';
import { parsePipeline } from '../../../src/core/pipeline/index.js';
import { runPipeline } from '../../../src/core/runner/index.js';

async function importAndRun(path: string, source: string) {
  const result = importCi(path, source);
  assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
  const { text } = emitDraft(result.draft);
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-import-ctr-'));
  const file = join(ws, 'ci.ansflow.yaml');
  writeFileSync(file, text);
  const parsed = parsePipeline(text, { file });
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message), [], text);
  const handle = runPipeline(parsed, { workspace: ws, trigger: 'test' });
  const logs: string[] = [];
  handle.onEvent((e) => {
    if (e.type === 'step-log') logs.push(e.text);
  });
  const summary = await handle.done;
  return { text, summary, logs: logs.join(''), why: `${text}\n${logs.join('')}\n${JSON.stringify(summary.steps.map((s) => [s.step, s.status, s.reason]))}` };
}

test('(integration) ci import: a GitLab job with image and a service by alias runs in its container and reaches the service', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const image = busyboxImage();
  const r = await importAndRun(
    '.gitlab-ci.yml',
    `stages: [build, test]
build:
  stage: build
  image: ${image}
  script:
    - ${NOT_HERE}
    - echo built > out.txt
  artifacts:
    paths: [out.txt]
probe:
  stage: test
  image: ${image}
  services:
    - name: ${image}
      alias: web
      command: ["sh", "-c", "mkdir -p /www && echo served-by-web > /www/index.html && httpd -f -p 8080 -h /www"]
  script:
    - ${NOT_HERE}
    - for i in $(seq 50); do timeout 3 wget -qO page.txt http://web:8080/ && break; sleep 0.2; done
    - grep -q served-by-web page.txt
    - echo "probe read $(cat page.txt)"
`,
  );
  assert.equal(r.summary.status, 'success', r.why);
  assert.match(r.text, /services:\n\s+web:/, 'the service is keyed by its alias');
  assert.match(r.logs, /probe read served-by-web/, r.why);
});

test('(integration) ci import: a GitHub job with container: runs its steps in it and passes a step output on', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const r = await importAndRun(
    '.github/workflows/ci.yml',
    `on: push
jobs:
  inside:
    runs-on: ubuntu-latest
    container: ${busyboxImage()}
    steps:
      - id: where
        run: ${NOT_HERE} && echo "place=container" >> "$GITHUB_OUTPUT"
      - run: echo "ran in the \${{ steps.where.outputs.place }}"
`,
  );
  assert.equal(r.summary.status, 'success', r.why);
  assert.match(r.logs, /ran in the container/, r.why);
});
