import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogBatcher } from '../../../../../src/core/runner/events/LogBatcher.js';
import { StepLogRouter } from '../../../../../src/core/runner/events/StepLogRouter.js';
import { SecretMasker, MASK } from '../../../../../src/core/runner/masking/SecretMasker.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunStore, StaticSecretProvider, runPipeline } from '../../../../../src/core/runner/index.js';
import { pipeline, sh } from '../helpers/pipelines.js';

const R = { start: 0, end: 0 };

test('(unit) log batcher: bytes cut inside a character are decoded whole; an incomplete one at the end becomes U+FFFD', () => {
  const batches: string[] = [];
  const b = new LogBatcher((step, stream, text) => batches.push(`${step}/${stream}:${text}`), { intervalMs: 60_000 });
  const euro = Buffer.from('€', 'utf8');
  b.addBytes('a', 'stdout', Buffer.concat([Buffer.from('price '), euro.subarray(0, 1)]));
  b.addBytes('a', 'stdout', Buffer.concat([euro.subarray(1), Buffer.from(' 5\n'), euro.subarray(0, 2)]));
  b.endBytes('a');
  b.flushStep('a');
  assert.deepEqual(batches, ['a/stdout:price € 5\n\uFFFD']);
  b.dispose();
});

test('(unit) log batcher: small byte reads become one event, big ones go out alone, and text and bytes of one stream keep their order', () => {
  const batches: string[] = [];
  const b = new LogBatcher((step, stream, text) => batches.push(`${step}/${stream}:${text}`), { intervalMs: 60_000, maxBatchChars: 100 });
  for (let i = 0; i < 10; i++) b.addBytes('a', 'stdout', Buffer.from(`${i}`));
  assert.equal(batches.length, 0);
  b.addBytes('a', 'stdout', Buffer.from('x'.repeat(95)));
  // The batch would overflow: what is pending goes first, then the big read on its own.
  assert.deepEqual(batches, ['a/stdout:0123456789', `a/stdout:${'x'.repeat(95)}`]);
  b.add('a', 'stdout', 'text ');
  b.addBytes('a', 'stdout', Buffer.from('bytes '));
  b.add('a', 'stdout', 'text again');
  b.flushStep('a');
  assert.equal(batches.slice(2).map((x) => x.slice('a/stdout:'.length)).join(''), 'text bytes text again');
  b.dispose();
});

/** A router over one masker, an in-memory log file per step and the events a batcher sends. */
function harness(secrets: string[]) {
  const files = new Map<string, Buffer[]>();
  const events: string[] = [];
  const masker = new SecretMasker(secrets);
  const batcher = new LogBatcher((step, stream, text) => events.push(`${step}/${stream}:${text}`), { intervalMs: 60_000 });
  const router = new StepLogRouter({
    masker: () => masker,
    writer: () => ({
      appendLog: (step, masked) => {
        const list = files.get(step) ?? [];
        // A copy: byte output is a view valid until the next push.
        list.push(Buffer.from(typeof masked === 'string' ? Buffer.from(masked, 'utf8') : masked));
        files.set(step, list);
      },
    }),
    batcher,
  });
  return { router, events, file: (step: string) => Buffer.concat(files.get(step) ?? []).toString('utf8') };
}

test('(unit) log router: process bytes are masked once for the log file and the events, a secret split inside a character between reads included', () => {
  const secret = 'clé-😀-9f8e7d';
  const { router, events, file } = harness([secret]);
  const bytes = Buffer.from(`start ${secret} end\n`, 'utf8');
  const cut = Buffer.from('start clé-', 'utf8').length + 1; // inside the emoji
  router.bytes('build', 'stdout', Buffer.from(bytes.subarray(0, cut)));
  router.bytes('build', 'stdout', Buffer.from(bytes.subarray(cut)));
  router.end('build');
  assert.equal(file('build'), `start ${MASK} end\n`);
  assert.equal(events.join(''), `build/stdout:start ${MASK} end\n`);
});

test('(unit) log router: text a step logs itself and bytes of its process share one masker per stream; system lines are masked whole', () => {
  const secret = 'hunter2-correct-horse';
  const { router, events, file } = harness([secret]);
  router.text('deploy', 'stdout', 'token: hunter2-');
  router.bytes('deploy', 'stdout', Buffer.from('correct-horse\n'));
  router.text('deploy', 'system', `[ansflow] retrying with ${secret}\n`);
  router.bytes('deploy', 'stderr', Buffer.from(`warn ${secret}`));
  router.end('deploy');
  const log = file('deploy');
  assert.ok(!log.includes(secret) && !log.includes('hunter2'), log);
  assert.equal(log, `token: ${MASK}\n[ansflow] retrying with ${MASK}\nwarn ${MASK}`);
  assert.deepEqual(events.sort(), [`deploy/stderr:warn ${MASK}`, `deploy/stdout:token: ${MASK}\n`, `deploy/system:[ansflow] retrying with ${MASK}\n`]);
});

test('(unit) a run writes its step log as the bytes the process wrote (bytes that are not UTF-8 kept), secrets masked, and events carry the decoded text', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-logbytes-'));
  const store = new RunStore({ root: join(ws, 'runs') });
  const secret = 'tok-3f9a-secret-value';
  const p = pipeline([sh('emit', `printf 'raw \\377\\376 key=%s end\\n' "$S"; printf 'err %s\\n' "$S" >&2`, { env: { S: '${{ secrets.S }}' } })], {
    secrets: [{ name: 'S', source: { kind: 'env', variable: 'S' }, required: true, range: R, nameRange: R }],
  });
  const h = runPipeline(p, { store, workspace: ws, secrets: new StaticSecretProvider({ S: secret }) });
  const texts: string[] = [];
  h.onEvent((e) => {
    if (e.type === 'step-log' && e.stream !== 'system') texts.push(e.text);
  });
  const summary = await h.done;
  assert.equal(summary.status, 'success', summary.steps[0]?.reason);
  const log = readFileSync(join(store.runDir(summary.runId), 'logs', 'emit.log'));
  assert.ok(log.includes(Buffer.from([0x72, 0x61, 0x77, 0x20, 0xff, 0xfe, 0x20])), `raw bytes kept: ${log.toString('hex')}`);
  assert.ok(log.includes(Buffer.from(` key=${MASK} end\n`)) && log.includes(Buffer.from(`err ${MASK}\n`)));
  assert.ok(!log.includes(Buffer.from(secret)));
  assert.deepEqual(texts.sort(), [`err ${MASK}\n`, `raw \uFFFD\uFFFD key=${MASK} end\n`]);
});
