// Property: a secret (4 B to 256 KB of any bytes) in any of the encodings the masker promises, cut
// into any chunks, never reaches a sink — the masker's stream output, and through real runs the
// terminal rendering, log files, run store, events, `history --json` and the approval prompt.
// Encoded forms are checked from ENCODED_MIN_SECRET_BYTES on, as documented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { ENCODED_MIN_SECRET_BYTES, MIN_SECRET_LENGTH, SecretMasker } from '../../../../src/core/runner/masking/SecretMasker.js';
import { RunStore, StaticSecretProvider, runPipeline } from '../../../../src/core/runner/index.js';
import type { Approver } from '../../../../src/core/runner/approvals/Approver.js';
import type { RunEvent } from '../../../../src/core/contracts/events.js';
import { RunPrinter } from '../../../../src/cli/output/RunPrinter.js';
import { runCli } from '../../../../src/cli/runCli.js';
import { memoryIO } from '../../helpers/memoryIO.js';
import { pipeline, sh, step } from './helpers/pipelines.js';
import { splitAt as cut } from '../../helpers/chunks.js';

const RUNS = Number(process.env.ANSFLOW_PROPERTY_RUNS ?? 100);
const R = { start: 0, end: 0 };

/**
 * Any bytes, read as UTF-8 the way a secret file is; '*' is left out because the mask is made of
 * it (a secret "a***b" next to "a" and "b" would be "leaked" by the mask itself).
 */
function secretOf(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('utf8').replaceAll('*', '+');
}

/** `n` pseudo-random bytes (xorshift): large secrets without shrinking megabytes of arrays. */
function noise(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed | 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const secretArb = fc
  .oneof(
    { weight: 20, arbitrary: fc.uint8Array({ minLength: 4, maxLength: 64 }) },
    { weight: 9, arbitrary: fc.uint8Array({ minLength: 64, maxLength: 4096 }) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 4096, max: 256 * 1024 }), fc.integer({ min: 1 })).map(([n, seed]) => noise(n, seed)) },
  )
  .map(secretOf)
  .filter((s) => s.length >= MIN_SECRET_LENGTH);

type Encoding = 'plain' | 'base64' | 'base64-embedded' | 'json' | 'json-ascii' | 'url-component' | 'url-form';
const ENCODINGS: Encoding[] = ['plain', 'base64', 'base64-embedded', 'json', 'json-ascii', 'url-component', 'url-form'];

/** The text an encoder produces for `secret`, and the part of it that must never be seen. */
function encode(secret: string, how: Encoding, offset: number): { text: string; mustHide: string } {
  const bytes = Buffer.from(secret, 'utf8');
  switch (how) {
    case 'plain':
      return { text: secret, mustHide: secret };
    case 'base64': {
      const b64 = bytes.toString('base64');
      return { text: b64, mustHide: b64 };
    }
    case 'base64-embedded': {
      // Inside a longer encoded buffer: only the characters that depend on the secret alone.
      const prefix = Buffer.alloc(offset % 3, 0x41);
      const text = Buffer.concat([prefix, bytes, Buffer.from('tail')]).toString('base64');
      return { text, mustHide: text.slice(Math.ceil((prefix.length * 8) / 6), Math.floor(((prefix.length + bytes.length) * 8) / 6)) };
    }
    case 'json': {
      const text = JSON.stringify(secret);
      return { text, mustHide: text.slice(1, -1) };
    }
    case 'json-ascii': {
      const text = JSON.stringify(secret).replace(/[^ -~]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      return { text, mustHide: text.slice(1, -1) };
    }
    case 'url-component': {
      const text = encodeURIComponent(secret);
      return { text, mustHide: text };
    }
    case 'url-form': {
      const text = new URLSearchParams({ v: secret }).toString().slice(2);
      return { text, mustHide: text };
    }
  }
}

function applies(secret: string, how: Encoding): boolean {
  if (how === 'plain' || how === 'base64') return true;
  return Buffer.byteLength(secret, 'utf8') >= ENCODED_MIN_SECRET_BYTES;
}

test('(unit) property: any secret in any promised encoding, cut into any chunks, never leaves the masker stream', () => {
  const context = fc.string({ maxLength: 30 }).map((s) => s.replaceAll('*', ''));
  fc.assert(
    fc.property(secretArb, fc.subarray(ENCODINGS, { minLength: 1 }), fc.nat(2), context, context, fc.array(fc.nat(), { maxLength: 12 }), (secret, hows, offset, before, after, cuts) => {
      const used = hows.filter((h) => applies(secret, h));
      fc.pre(used.length > 0);
      const pieces = used.map((h) => encode(secret, h, offset));
      const text = `${before}${pieces.map((p) => p.text).join(after)}${after}`;
      const m = new SecretMasker([secret]);
      const s = m.stream();
      const out = cut(text, cuts).map((c) => s.push(c)).join('') + s.end();
      for (const [i, p] of pieces.entries()) if (p.mustHide.length >= MIN_SECRET_LENGTH) assert.ok(!out.includes(p.mustHide), `${used[i]} form leaked`);
    }),
    { numRuns: RUNS },
  );
});

test('(unit) property: any secret in any promised encoding, its UTF-8 bytes cut anywhere (inside characters too), never leaves the byte stream', () => {
  const context = fc.string({ maxLength: 30, unit: 'binary' }).map((s) => s.replaceAll('*', ''));
  fc.assert(
    fc.property(secretArb, fc.subarray(ENCODINGS, { minLength: 1 }), fc.nat(2), context, context, fc.array(fc.nat(), { maxLength: 12 }), (secret, hows, offset, before, after, cuts) => {
      const used = hows.filter((h) => applies(secret, h));
      fc.pre(used.length > 0);
      const pieces = used.map((h) => encode(secret, h, offset));
      const whole = `${before}${pieces.map((p) => p.text).join(after)}${after}`;
      const bytes = Buffer.from(whole, 'utf8');
      const masker = new SecretMasker([secret]);
      const s = masker.byteStream();
      // Reads as a pipe gives them: fresh buffers, each masked in place; outputs copied before the next push.
      const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
      const out: Buffer[] = [];
      let last = 0;
      for (const p of [...points, bytes.length]) {
        out.push(Buffer.from(s.push(Buffer.from(bytes.subarray(last, p)))));
        last = p;
      }
      out.push(Buffer.from(s.end()));
      const text = Buffer.concat(out).toString('utf8');
      for (const [i, p] of pieces.entries()) if (p.mustHide.length >= MIN_SECRET_LENGTH) assert.ok(!text.includes(p.mustHide), `${used[i]} form leaked`);
      // No part of a secret either: however the reads fall, the output is that of the text in one piece.
      assert.equal(text, masker.mask(whole));
    }),
    { numRuns: RUNS },
  );
});

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? allFiles(join(dir, n)) : [join(dir, n)]));
}

test('(unit) property: through real runs, no form of a random secret reaches the terminal, log files, run store, events, history --json or the approval prompt', async () => {
  // A handful of real runs (each starts a shell and python3): the stream property above covers the
  // combinatorics; this one checks every sink is behind the masker.
  const runs = Math.max(4, Math.round(RUNS / 20));
  await fc.assert(
    fc.asyncProperty(secretArb, fc.nat(2), async (secret, offset) => {
      const ws = mkdtempSync(join(tmpdir(), 'ansflow-secprop-'));
      writeFileSync(join(ws, 'secret.bin'), secret);
      const used = ENCODINGS.filter((h) => applies(secret, h));
      writeFileSync(join(ws, 'forms.txt'), used.map((h) => encode(secret, h, offset).text).join('\n'));
      const store = new RunStore({ root: join(ws, '.ansflow', 'runs') });
      const prompts: string[] = [];
      const approver: Approver = {
        decide: async (req) => {
          prompts.push(req.message);
          return { decision: 'approved', by: 'test' };
        },
      };
      const script = [
        'cat secret.bin; echo',
        'cat forms.txt; echo',
        // Real encoders too: python's json, repr and urllib, and base64(1).
        'python3 -c \'import json,sys,urllib.parse as u; s=open("secret.bin","rb").read().decode(); print(json.dumps(s)); print(json.dumps(s, ensure_ascii=False)); print(u.quote(s, safe="")); print(u.quote_plus(s))\'',
        'base64 -w0 secret.bin; echo',
        'cat secret.bin >&2',
        'exit 1',
      ].join('\n');
      const p = pipeline(
        [
          step('gate', { type: 'shell', with: { run: 'true' }, approval: { message: 'deploy with ${{ secrets.S }}?', approvers: [] } }),
          sh('emit', script, { needs: ['gate'], env: {} }),
        ],
        { secrets: [{ name: 'S', source: { kind: 'env', variable: 'S' }, required: true, range: R, nameRange: R }] },
      );
      const h = runPipeline(p, { store, workspace: ws, approver, secrets: new StaticSecretProvider({ S: secret }) });
      const printer = new RunPrinter({ color: false, footer: false, columns: 120 });
      const events: RunEvent[] = [];
      let terminal = '';
      h.onEvent((e) => {
        events.push(e);
        terminal += printer.render(e);
      });
      const summary = await h.done;
      terminal += printer.summary(summary);
      const history = memoryIO(ws);
      await runCli(['history', '--json'], history);
      const one = memoryIO(ws);
      await runCli(['history', summary.runId, '--json'], one);
      const sinks: [string, string][] = [
        ['terminal', terminal],
        ['events', JSON.stringify(events)],
        ['history --json', history.out() + one.out()],
        ['approval prompt', prompts.join('\n')],
        ...allFiles(store.root).map((f): [string, string] => [f, readFileSync(f, 'utf8')]),
      ];
      assert.ok(prompts.length === 1 && prompts[0]!.includes('***'), `approval prompt: ${prompts[0]?.slice(0, 80)}`);
      assert.ok(terminal.includes('***'), 'the step printed the secret (masked)');
      for (const h2 of used) {
        const { mustHide } = encode(secret, h2, offset);
        if (mustHide.length < MIN_SECRET_LENGTH) continue;
        for (const [where, text] of sinks) assert.ok(!text.includes(mustHide), `${h2} form reached ${where}`);
      }
    }),
    { numRuns: runs },
  );
});
