// Which inline scripts go on the command line (`bash -c`) and which through a 0600 file: the
// command lines of every process, read from /proc while the steps run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvFileSecretProvider, runPipeline } from '../../../../../../src/core/runner/index.js';
import { pipeline, sh } from '../../helpers/pipelines.js';

const R = { start: 0, end: 0 };

function commandLines(): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      out.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      // gone
    }
  }
  return out;
}

test('(unit) shell step: a script with no secret runs as `bash -c`; one holding a secret value, plain or base64, goes through a file', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-inline-'));
  const tag = `${process.pid}-${Date.now()}`;
  const secret = `tok-${tag}-s3cr3t`;
  const b64 = Buffer.from(secret).toString('base64');
  const p = pipeline(
    [
      sh('plain', `sleep 1.5; echo plain-${tag}`),
      sh('literal', `t='${secret}'; sleep 1.5; echo literal-${tag}`),
      sh('encoded', `t='${b64}'; sleep 1.5; echo encoded-${tag}`),
    ],
    { secrets: [{ name: 'tok', source: { kind: 'env', variable: 'S_TOK' }, required: true, range: R, nameRange: R }] },
  );
  const h = runPipeline(p, { workspace: dir, logBatchMs: 5, secrets: new EnvFileSecretProvider({ env: { S_TOK: secret }, baseDir: dir }) });
  let running = true;
  const done = h.done.finally(() => (running = false));
  const seen = new Set<string>();
  while (running) {
    for (const l of commandLines()) {
      assert.ok(!l.includes(secret) && !l.includes(b64), `a secret on a command line: ${l.slice(0, 200)}`);
      if (l.includes(`plain-${tag}`)) seen.add('plain inline');
      if (/ANSFLOW_SCRIPT/.test(l)) seen.add('loader');
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const summary = await done;
  assert.equal(summary.status, 'success', JSON.stringify(summary.steps.map((s) => s.reason)));
  assert.deepEqual([...seen].sort(), ['loader', 'plain inline']);
});
