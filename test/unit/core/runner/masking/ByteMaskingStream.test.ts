import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SecretMasker, MASK } from '../../../../../src/core/runner/masking/SecretMasker.js';

/** `bytes` cut at the given points (modulo its length + 1), as separate fresh buffers like pipe reads. */
function reads(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let last = 0;
  for (const p of [...points, bytes.length]) {
    out.push(Buffer.from(bytes.subarray(last, p)));
    last = p;
  }
  return out;
}

/** Every read through one byte stream; each output is copied at once (it is a view valid until the next push). */
function maskReads(m: SecretMasker, chunks: Buffer[]): Buffer {
  const s = m.byteStream();
  const out = chunks.map((c) => Buffer.from(s.push(c)));
  out.push(Buffer.from(s.end()));
  return Buffer.concat(out);
}

// Multi-byte characters of every UTF-8 length, inside secrets and around them.
const alphabet = fc.constantFrom(...['a', 'b', 'x', '0', '=', '\n', ' ', 'é', 'ß', '€', '中', '😀', '𝄞']);
const secretArb = fc
  .array(alphabet, { minLength: 3, maxLength: 10 })
  .map((a) => a.join(''))
  .filter((s) => s.trim().length >= 3);

test('(unit) byte stream: any split of the bytes, inside characters too, gives the bytes of whole-text masking', () => {
  fc.assert(
    fc.property(
      fc.array(secretArb, { minLength: 1, maxLength: 4 }),
      fc.array(fc.oneof(alphabet, fc.constant('SECRET')), { maxLength: 60 }),
      fc.array(fc.nat(400), { maxLength: 14 }),
      (secrets, pieces, cuts) => {
        let i = 0;
        const text = pieces.map((p) => (p === 'SECRET' ? secrets[i++ % secrets.length] : p)).join('');
        const m = new SecretMasker(secrets);
        const out = maskReads(m, reads(Buffer.from(text, 'utf8'), cuts));
        assert.equal(out.toString('utf8'), m.mask(text));
      },
    ),
    { numRuns: 1500 },
  );
});

test('(unit) byte stream: a secret cut inside a multi-byte character between two reads is masked, the text around it kept whole', () => {
  const secret = 'clé-€-中-😀-secret';
  const m = new SecretMasker([secret]);
  const bytes = Buffer.from(`avant é ${secret} après 😀\n`, 'utf8');
  const at = Buffer.from('avant é clé-€-中-', 'utf8').length + 2; // inside the 4-byte emoji
  const out = maskReads(m, [bytes.subarray(0, at), bytes.subarray(at)].map((b) => Buffer.from(b)));
  assert.equal(out.toString('utf8'), `avant é ${MASK} après 😀\n`);
});

test('(unit) byte stream: with nothing held, a read is masked in place and handed back without a copy', () => {
  const m = new SecretMasker(['hunter2-pass']);
  const s = m.byteStream();
  const read = Buffer.from('login: hunter2-pass ok\n');
  const out = s.push(read);
  assert.equal(out.buffer, read.buffer);
  assert.equal(out.byteOffset, read.byteOffset);
  assert.equal(out.toString(), `login: ${MASK} ok\n`);
  const plain = Buffer.from('nothing secret here\n');
  assert.equal(s.push(plain), plain);
});

test('(unit) byte stream: a secret read from bytes that are not UTF-8 (so it holds U+FFFD) is masked in the raw bytes a process prints', () => {
  const raw = Buffer.from([0x74, 0x6f, 0x6b, 0xff, 0xfe, 0x65, 0x6e, 0x2d, 0x39]);
  const secret = raw.toString('utf8');
  assert.ok(secret.includes('\uFFFD'));
  const m = new SecretMasker([secret]);
  const out = maskReads(m, [Buffer.concat([Buffer.from('key='), raw.subarray(0, 4)]), Buffer.concat([raw.subarray(4), Buffer.from('\n')])]);
  assert.equal(out.toString('utf8'), `key=${MASK}\n`);
});

test('(unit) byte stream: output is never held back when the tail cannot start a secret, and a held prefix comes out once it cannot be one', () => {
  const s = new SecretMasker(['topsecret']).byteStream();
  assert.equal(s.push(Buffer.from('hello world\n')).toString(), 'hello world\n');
  assert.equal(s.push(Buffer.from('almost top')).toString(), 'almost ');
  assert.equal(s.push(Buffer.from('ping')).toString(), 'topping');
  assert.equal(s.end().toString(), '');
});
