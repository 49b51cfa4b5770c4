import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { StringDecoder } from 'node:string_decoder';
import { LogBatcher } from '../../../../../src/core/runner/events/LogBatcher.js';

/** Runs of ASCII, characters of 2 to 4 bytes, and bytes that are no UTF-8 at all. */
const pieces = fc.array(
  fc.oneof(
    fc.string({ unit: 'grapheme-ascii', maxLength: 40 }).map((s) => Buffer.from(s, 'latin1')),
    fc.constantFrom('é', '€', '😀', '\u0800').map((s) => Buffer.from(s, 'utf8')),
    fc.uint8Array({ minLength: 1, maxLength: 3 }).map((a) => Buffer.from(a.map((x) => x | 0x80))),
  ),
  { maxLength: 60 },
);

test('(unit) log batcher: events join to exactly what one UTF-8 decoder makes of the stream, whatever the reads and batch size (ASCII copied, the rest decoded)', () => {
  fc.assert(
    fc.property(pieces, fc.array(fc.nat(400), { maxLength: 30 }), fc.integer({ min: 2, max: 64 }), (parts, cuts, maxBatchChars) => {
      const bytes = Buffer.concat(parts);
      const d = new StringDecoder('utf8');
      const want = d.write(bytes) + d.end();
      const texts: string[] = [];
      const b = new LogBatcher((_step, _stream, text) => texts.push(text), { intervalMs: 60_000, maxBatchChars });
      const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((x, y) => x - y);
      let last = 0;
      for (const p of [...points, bytes.length]) {
        if (p > last) b.addBytes('s', 'stdout', Buffer.from(bytes.subarray(last, p)));
        last = p;
      }
      b.endBytes('s');
      b.dispose();
      assert.equal(texts.join(''), want);
    }),
    { numRuns: 2000 },
  );
});
