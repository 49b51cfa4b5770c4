// Which inline scripts go on the command line (`bash -c`) and which through a 0600 file: the
// command lines of every process, read from /proc while the steps run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvFileSecretProvider, runPipeline } from '../../../../../../src/core/runner/index.js';
import { pipeline, sh, step } from '../../helpers/pipelines.js';

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

test('(unit) shell step: an inline script that would push a large environment past the exec limit runs through its file, not E2BIG', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-inline-big-'));
  // Fill the environment to a few KiB under Linux's 2 MiB default (strings plus a pointer each), so
  // the environment alone still execs but adding a 15 KiB script to the arguments would not.
  const argMax = 2 * 1024 * 1024;
  const used = Object.entries(process.env).reduce((n, [k, v]) => n + Buffer.byteLength(`${k}=${v ?? ''}`) + 9, 0);
  const env: Record<string, string> = {};
  let room = argMax - used - 12 * 1024;
  for (let i = 0; room > 64; i++) {
    const len = Math.min(120 * 1024, room - 32);
    env[`BIG_${i}`] = 'x'.repeat(len);
    room -= len + 16;
  }
  const script = `: '${'y'.repeat(15 * 1024)}'\necho ran-through`;
  const h = runPipeline(pipeline([sh('big', script, { env })]), { workspace: dir, logBatchMs: 5 });
  const summary = await h.done;
  assert.equal(summary.status, 'success', JSON.stringify(summary.steps.map((s) => s.reason)));
});

test('(unit) node and python steps: a secret escaped into a string literal of the script never reaches a command line', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-inline-'));
  const tag = `${process.pid}x${Date.now()}`;
  // A backtick and a quote: escaped in a template literal / a Python string, the pasted text is in
  // none of the forms the masker knows, so only knowing a secret was pasted keeps it off `ps`.
  const secret = `pre\`${tag}mid'${tag}post`;
  const fragments = [`${tag}mid`, `${tag}post`];
  const p = pipeline(
    [
      step('js', { type: 'node', with: { script: 'const t = `${{ secrets.tok }}`; setTimeout(() => console.log(t.length), 1500);' } }),
      step('py', { type: 'python', with: { script: "import time\nt = '${{ secrets.tok }}'\ntime.sleep(1.5)\nprint(len(t))" } }),
    ],
    { secrets: [{ name: 'tok', source: { kind: 'env', variable: 'S_TOK' }, required: true, range: R, nameRange: R }] },
  );
  const h = runPipeline(p, { workspace: dir, logBatchMs: 5, secrets: new EnvFileSecretProvider({ env: { S_TOK: secret }, baseDir: dir }) });
  let running = true;
  const done = h.done.finally(() => (running = false));
  while (running) {
    for (const l of commandLines()) for (const f of fragments) assert.ok(!l.includes(f), `a secret's fragment on a command line: ${l.slice(0, 200)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const summary = await done;
  assert.equal(summary.status, 'success', JSON.stringify(summary.steps.map((s) => s.reason)));
});

test('(unit) the exec budget counts an environment in UTF-8 bytes: multi-byte values that fit in characters but not in bytes send the script through its file', async () => {
  const { scriptNeedsFile } = await import('../../../../../../src/core/runner/steps/local/scriptFile.js');
  const ctx = (env: Record<string, string>) => ({ executor: { kind: 'local' }, with: {}, secrets: {}, env }) as unknown as Parameters<typeof scriptNeedsFile>[0];
  // 200,000 characters of a 3-byte one: ~586 KiB in UTF-8, over the 512 KiB budget; 195 KiB in characters.
  assert.equal(scriptNeedsFile(ctx({ WIDE: '€'.repeat(200_000) }), 'echo hi'), true);
  assert.equal(scriptNeedsFile(ctx({ NARROW: 'e'.repeat(200_000) }), 'echo hi'), false);
  assert.equal(scriptNeedsFile(ctx({ NARROW: 'e'.repeat(100_000) }), `: ${'€'.repeat(5_000)}`), false);
  // 150,000 of the 3-byte character (~439 KiB) plus 100,000 ASCII (~98 KiB): over in bytes together.
  assert.equal(scriptNeedsFile(ctx({ WIDE: '€'.repeat(150_000), NARROW: 'e'.repeat(100_000) }), 'echo hi'), true);
});
