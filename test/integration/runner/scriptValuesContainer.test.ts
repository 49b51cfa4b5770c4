// Values never become code in the container executor: a hostile param reaches a shell step running
// in a real container literally (through the environment), and a script holding a secret value goes
// through the mounted private script file, never on the container process's command line (one with
// no secret in it runs as `sh -c`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { busyboxImage, requireEngine } from '../engines.js';
import { parsePipeline } from '../../../src/core/pipeline/index.js';
import { EnvFileSecretProvider, runPipeline } from '../../../src/core/runner/index.js';

test('(integration) container executor: a hostile value reaches the script literally; a script holding a secret is not on the command line', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-cvals-'));
  t.after(() => rmSync(ws, { recursive: true, force: true }));
  const marker = join(ws, 'pwned');
  const value = `$(touch ${marker}) \`touch ${marker}\` '; touch ${marker}; ' "; touch ${marker}; "\nsecond line`;
  const secret = `cvals-${process.pid}-s3cr3t`;
  const yaml = `version: 1
params:
  v: x
secrets:
  TOK:
    from: env
    env: CVALS_TOK
steps:
  inbox:
    type: shell
    executor:
      kind: container
      image: ${busyboxImage()}
      pull: never
    with:
      run: |
        printf 'a<<AF_END\\n%s\\nAF_END\\n' \${{ params.v }} >> "$ANSFLOW_OUTPUT"
        printf 'b<<AF_END\\n%s\\nAF_END\\n' 'in single \${{ params.v }}' >> "$ANSFLOW_OUTPUT"
        echo "cmd=$(tr '\\0' ' ' < /proc/$$/cmdline)" >> "$ANSFLOW_OUTPUT"
        t='${secret}'
  plain:
    type: shell
    executor:
      kind: container
      image: ${busyboxImage()}
      pull: never
    with:
      run: |
        echo "cmd=$(tr '\\0' ' ' < /proc/$$/cmdline)" >> "$ANSFLOW_OUTPUT"
`;
  const parsed = parsePipeline(yaml, { file: join(ws, 'p.ansflow.yaml') });
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
  const summary = await runPipeline(parsed, { workspace: ws, params: { v: value }, logBatchMs: 5, secrets: new EnvFileSecretProvider({ env: { CVALS_TOK: secret }, baseDir: ws }) }).done;
  const s = summary.steps[0]!;
  assert.equal(s.status, 'success', s.reason);
  assert.ok(!existsSync(marker), 'the value ran as code');
  assert.equal(s.outputs.a, value);
  assert.equal(s.outputs.b, `in single ${value}`);
  assert.match(s.outputs.cmd!, /ANSFLOW_SCRIPT/);
  assert.ok(!s.outputs.cmd!.includes('printf'), `script on the command line: ${s.outputs.cmd}`);
  const plain = summary.steps[1]!;
  assert.equal(plain.status, 'success', plain.reason);
  // The script itself (its first line) instead of the loader.
  assert.match(plain.outputs.cmd!, / -c set -e$/);
});
