// The lines of a multi-line secret: masked on their own from 8 bytes (surrounding whitespace and a
// trailing CR not counted), so `---` or `}` in ordinary output survive, while the whole secret is
// masked across any chunking and the scan keeps skipping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MASK, SecretMasker } from '../../../../src/core/runner/masking/SecretMasker.js';
import { splitAt } from '../../helpers/chunks.js';

const secret = 'alpha-secret-1\n---\nbeta-secret-22';

test('(unit) a short line of a multi-line secret (`---`) is left alone elsewhere in the output', () => {
  const m = new SecretMasker([secret]);
  const yaml = 'a: 1\n---\nb: 2\n';
  assert.equal(m.mask(yaml), yaml);
  const s = m.stream();
  assert.equal(s.push('kind: A\n--') + s.push('-\nkind: B\n') + s.end(), 'kind: A\n---\nkind: B\n');
});

test('(unit) short and whitespace-padded lines, and CRLF lines under 8 bytes, are not masked alone', () => {
  const json = '{\n  "key": "0123456789abcdef",\n        }\n}';
  const m = new SecretMasker([json, 'first-line-long\r\nshort7\r\nlast-line-long']);
  assert.equal(m.mask('x {\n        }\n} y'), 'x {\n        }\n} y');
  assert.equal(m.mask('short7\r\n'), 'short7\r\n');
  assert.equal(m.mask('  "key": "0123456789abcdef",'), MASK);
});

test('(unit) a line of 8 bytes or more is still masked on its own, and the whole secret too', () => {
  const m = new SecretMasker([secret, 'head-line\n12345678\nzz']);
  assert.equal(m.mask('x alpha-secret-1 y'), `x ${MASK} y`);
  assert.equal(m.mask('[beta-secret-22]'), `[${MASK}]`);
  assert.equal(m.mask('n=12345678;'), `n=${MASK};`);
  assert.equal(m.mask(`<${secret}>`), `<${MASK}>`);
  assert.equal(m.mask('zz'), 'zz');
});

test('(unit) short lines of a multi-line secret do not turn the skip scan off', () => {
  const pem = `-----BEGIN KEY-----\n${'QUJD'.repeat(16)}\n---\n}\n-----END KEY-----`;
  const a = new SecretMasker([pem, 'sk-live-0123456789']).automaton!;
  assert.ok(a.skip, 'skip table built');
  assert.ok(a.window >= 8, `window ${a.window}`);
});

test('(unit) a multi-line secret with short lines never survives any chunking, and its short lines elsewhere do (fuzz)', () => {
  const shortLine = fc.constantFrom('---', '}', '  ]', '...', 'end', '', '  - x');
  const longLine = fc.stringMatching(/^[a-z0-9+/=]{8,24}$/);
  fc.assert(
    fc.property(
      fc.array(fc.oneof(shortLine, longLine), { minLength: 2, maxLength: 6 }).filter((ls) => ls.some((l) => l.length >= 8)),
      fc.constantFrom('\n', '\r\n'),
      fc.array(fc.nat(400), { maxLength: 10 }),
      (lines, eol, cuts) => {
        const value = lines.join(eol);
        const m = new SecretMasker([value]);
        const text = `---\n}\nbefore ${value} between ${value}\n...\n`;
        const s = m.stream();
        const out = splitAt(text, cuts).map((c) => s.push(c)).join('') + s.end();
        assert.equal(out, m.mask(text));
        assert.ok(!out.includes(value), `leaked ${JSON.stringify(value)} in ${JSON.stringify(out)}`);
        for (const l of lines) if (l.trim().length >= 8) assert.ok(!out.includes(l));
        assert.ok(out.startsWith('---\n}\n') && out.endsWith('\n...\n'), JSON.stringify(out));
      },
    ),
    { numRuns: 500 },
  );
});
