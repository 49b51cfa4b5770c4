import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { SecretMasker, MASK, ENCODED_MIN_SECRET_BYTES } from '../../../../src/core/runner/masking/SecretMasker.js';

/** A PEM-like bundle of `bytes` bytes: what a certificate bundle or a kubeconfig secret looks like. */
function bundle(bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const line = randomBytes(48).toString('base64');
    lines.push(line);
    size += line.length + 1;
  }
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----`.slice(0, bytes);
}

function streamed(m: SecretMasker, text: string, chunk: (i: number) => number): string {
  const s = m.stream();
  let out = '';
  for (let i = 0, k = 0; i < text.length; k++) {
    const n = Math.max(1, chunk(k));
    out += s.push(text.slice(i, i + n));
    i += n;
  }
  return out + s.end();
}

/** A kubeconfig of `bytes` bytes: its certificate data is one long base64 line. */
function kubeconfig(bytes: number): string {
  const head = 'apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://10.0.0.1:6443\n    certificate-authority-data: ';
  const tail = '\n  name: prod\nusers:\n- name: admin\n';
  return head + randomBytes(bytes).toString('base64').slice(0, bytes - head.length - tail.length) + tail;
}

for (const size of [24 * 1024, 256 * 1024]) {
  test(`(unit) a ${size / 1024} KB secret is masked (plain, base64 at every alignment, streamed in odd chunks)`, () => {
    const secret = kubeconfig(size);
    const m = new SecretMasker([secret, 'short-one-123']);
    for (const prefix of ['', 'x', 'xy']) {
      const b64 = Buffer.from(`${prefix}${secret}tail`).toString('base64');
      const text = `before ${secret} middle ${b64} after`;
      const out = streamed(m, text, (k) => [1, 7, 4096, 65536, 3][k % 5]!);
      assert.ok(!out.includes(secret.slice(0, 200)) && !out.includes(secret.slice(-200)), 'plain text leaked');
      assert.ok(!out.includes(b64.slice(8, 208)), 'base64 leaked');
      assert.ok(out.startsWith(`before ${MASK} middle `), out.slice(0, 40));
      assert.ok(out.endsWith(' after'));
      assert.equal(out, m.mask(text));
    }
  });
}

test('(unit) masking time is linear in the output whatever the secret length (no backtracking, no quadratic tail)', () => {
  // A long run of one character is the worst case for a carried-over tail: every chunk could be
  // the start of the secret.
  const secret = 'a'.repeat(64 * 1024);
  const m = new SecretMasker([secret]);
  const t0 = process.hrtime.bigint();
  const text = `${'a'.repeat(64 * 1024 - 1)}b`.repeat(16);
  const out = streamed(m, text, () => 100);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  assert.equal(out, text, 'nothing to mask: one character short each time');
  assert.ok(ms < 5000, `took ${ms} ms for 1 MiB`);
  assert.equal(m.mask(`x${secret}a`), `x${MASK}`);
});

test('(unit) a secret split into one-character chunks across a held 64 KB tail is masked and not quadratic', () => {
  const secret = bundle(64 * 1024);
  const m = new SecretMasker([secret]);
  const t0 = process.hrtime.bigint();
  const out = streamed(m, `<${secret}>`, () => 1);
  assert.equal(out, `<${MASK}>`);
  assert.ok(Number(process.hrtime.bigint() - t0) / 1e6 < 5000);
});

function python(code: string, arg: string): string {
  return execFileSync('python3', ['-c', code, arg], { encoding: 'utf8' }).replace(/\n$/, '');
}

const ENCODED_SECRETS = ['pa"ss\\word\n\ttab', "it's a \"quote\" </script> & more", 'ünïcödé-🔑-\u0001\u007f\u00a0', 'url/enc=oded&a+b c%20~*'];

test('(unit) JSON-escaped forms of a secret are masked (JSON.stringify, json.dumps ASCII and not, escaped slashes)', () => {
  for (const secret of ENCODED_SECRETS) {
    const m = new SecretMasker([secret]);
    const forms = [
      JSON.stringify(secret),
      JSON.stringify({ token: secret }),
      python('import json,sys; print(json.dumps(sys.argv[1]))', secret),
      python('import json,sys; print(json.dumps({"k": sys.argv[1]}, ensure_ascii=False))', secret),
      JSON.stringify(secret).replaceAll('/', '\\/'),
    ];
    for (const f of forms) {
      const out = m.mask(`log: ${f} end`);
      assert.ok(out.includes(MASK), `${JSON.stringify(f)} not masked: ${out}`);
      assert.ok(!out.includes(secret), out);
    }
  }
});

test("(unit) Python's repr of a secret (str and bytes, as print(x) / print(repr(x)) show them) is masked", () => {
  for (const secret of ENCODED_SECRETS) {
    const m = new SecretMasker([secret]);
    for (const code of ['import sys; print(repr(sys.argv[1]))', 'import sys; print([sys.argv[1]])', "import sys; print(repr(sys.argv[1].encode('utf-8')))", "import sys; print({'k': sys.argv[1].encode()})"]) {
      const shown = python(code, secret);
      const out = m.mask(shown);
      assert.ok(out.includes(MASK), `${code}: ${shown} -> ${out}`);
      // Between the quotes nothing of the secret's representation is left.
      assert.match(out, /^[[{]?(?:'k': )?b?(['"])\*\*\*\1[\]}]?$/, `${code}: ${shown} -> ${out}`);
    }
  }
});

test('(unit) URL-encoded forms of a secret are masked (encodeURIComponent, URLSearchParams, urllib quote / quote_plus)', () => {
  for (const secret of ENCODED_SECRETS) {
    const m = new SecretMasker([secret]);
    const forms = [
      encodeURIComponent(secret),
      new URLSearchParams({ t: secret }).toString().slice(2),
      python("import sys, urllib.parse as u; print(u.quote(sys.argv[1], safe=''))", secret),
      python('import sys, urllib.parse as u; print(u.quote_plus(sys.argv[1]))', secret),
    ];
    for (const f of forms) assert.equal(m.mask(`https://x/?t=${f}&next=1`), `https://x/?t=${MASK}&next=1`, f);
  }
});

test(`(unit) encoded forms are masked from ${ENCODED_MIN_SECRET_BYTES} bytes on; shorter secrets only plain and whole base64`, () => {
  const short = 'a"b\\c'; // 5 bytes
  const m = new SecretMasker([short]);
  assert.equal(m.mask(`x ${short} y`), `x ${MASK} y`);
  assert.equal(m.mask(Buffer.from(short).toString('base64')), MASK);
  assert.equal(m.mask(JSON.stringify(short)), JSON.stringify(short), 'too short for encoded forms');
  const long = 'a"b\\c-d"e'; // 9 bytes
  assert.equal(new SecretMasker([long]).mask(JSON.stringify(long)), `"${MASK}"`);
});

test('(unit) overlapping occurrences of two secrets are masked as one range', () => {
  const m = new SecretMasker(['abcdef-123', 'ef-123-xyz']);
  assert.equal(m.mask('[abcdef-123-xyz]'), `[${MASK}]`);
  assert.equal(m.mask('[abcdef-123][ef-123-xyz]'), `[${MASK}][${MASK}]`);
});
