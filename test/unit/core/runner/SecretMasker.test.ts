import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SecretMasker, base64Forms, MASK } from '../../../../src/core/runner/masking/SecretMasker.js';
import { splitAt } from '../../helpers/chunks.js';

const alphabet = fc.constantFrom(...'abcxyz01=+/\n '.split(''));
const secretArb = fc.array(alphabet, { minLength: 3, maxLength: 12 }).map((a) => a.join('')).filter((s) => s.trim().length >= 3);

test('(unit) masker masks a secret and its base64 form in a whole string', () => {
  const m = new SecretMasker(['hunter2-pass']);
  const b64 = Buffer.from('hunter2-pass').toString('base64');
  assert.equal(m.mask(`a hunter2-pass b ${b64} c`), `a ${MASK} b ${MASK} c`);
  assert.equal(m.mask('nothing here'), 'nothing here');
});

test('(unit) masker finds a secret base64-encoded inside a longer buffer at every alignment', () => {
  const secret = 'correct horse battery staple';
  const m = new SecretMasker([secret]);
  for (const prefix of ['', 'x', 'xy', 'xyz']) {
    const enc = Buffer.from(`${prefix}${secret}tail`).toString('base64');
    assert.ok(!base64Forms(secret).some((f) => m.mask(enc).includes(f)), `alignment ${prefix.length}`);
    assert.ok(m.mask(enc).includes(MASK));
  }
});

test('(unit) masker streaming equals whole-string masking for any chunk split (fuzz)', () => {
  fc.assert(
    fc.property(
      fc.array(secretArb, { minLength: 1, maxLength: 4 }),
      fc.array(fc.oneof(alphabet, fc.constant('SECRET')), { maxLength: 80 }),
      fc.array(fc.nat(200), { maxLength: 12 }),
      (secrets, pieces, cuts) => {
        let i = 0;
        const text = pieces.map((p) => (p === 'SECRET' ? secrets[i++ % secrets.length] : p)).join('');
        const m = new SecretMasker(secrets);
        const s = m.stream();
        const out = splitAt(text, cuts).map((c) => s.push(c)).join('') + s.end();
        assert.equal(out, m.mask(text));
        // A secret whose occurrence was not consumed by an overlapping one never survives.
        for (const secret of secrets) {
          if (!secrets.some((o) => o !== secret && (o.includes(secret[0]!) || secret.includes(o[0]!)))) {
            assert.ok(!out.includes(secret), `secret ${JSON.stringify(secret)} leaked in ${JSON.stringify(out)}`);
          }
        }
      },
    ),
    { numRuns: 2000 },
  );
});

test('(unit) a single secret never survives streaming across random splits (fuzz)', () => {
  fc.assert(
    fc.property(secretArb, fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), fc.array(fc.nat(100), { maxLength: 8 }), (secret, a, b, cuts) => {
      const m = new SecretMasker([secret]);
      const s = m.stream();
      const text = `${a.replaceAll('*', '')}${secret}${b.replaceAll('*', '')}${secret}`;
      const out = splitAt(text, cuts).map((c) => s.push(c)).join('') + s.end();
      assert.ok(!out.includes(secret));
    }),
    { numRuns: 2000 },
  );
});

test('(unit) ordinary output is not held back when its tail cannot start a secret', () => {
  const s = new SecretMasker(['topsecret']).stream();
  assert.equal(s.push('hello world\n'), 'hello world\n');
  assert.equal(s.push('almost top'), 'almost ');
  assert.equal(s.push('ping'), 'topping');
});

test('(unit) secrets shorter than 3 characters are not masked', () => {
  assert.equal(new SecretMasker(['ab']).mask('abc'), 'abc');
});
