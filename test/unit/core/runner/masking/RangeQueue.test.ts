import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RangeQueue } from '../../../../../src/core/runner/masking/RangeQueue.js';
import { SecretMasker } from '../../../../../src/core/runner/masking/SecretMasker.js';

/** The live ranges, oldest first. */
function live(q: RangeQueue): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let k = q.head; k < q.tail; k++) out.push([q.start[k]!, q.end[k]!]);
  return out;
}

test('range queue: pushes, pops at the tail and consumption at the head keep order through compaction and growth', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.constantFrom('push', 'push', 'pop', 'shift', 'shift', 'clear'), fc.nat(100)), { minLength: 10, maxLength: 60 }), (ops) => {
      const q = new RangeQueue();
      const model: Array<[number, number]> = [];
      let next = 2 ** 33; // past 2^31: positions of a long stream
      for (const [op, n] of ops) {
        for (let i = 0; i <= n; i++) {
          if (op === 'push') {
            q.push(next, next + 7);
            model.push([next, next + 7]);
            next += 11;
          } else if (op === 'pop' && q.tail > q.head) {
            q.tail--;
            model.pop();
          } else if (op === 'shift' && q.tail > q.head) {
            q.head++;
            model.shift();
          }
        }
        if (op === 'clear') {
          q.clear();
          model.length = 0;
        }
        assert.deepEqual(live(q), model);
      }
    }),
    { numRuns: 300 },
  );
});

test('range queue: a read with thousands of secrets is masked whole, in reads of every size', () => {
  const secret = 'tok-0123456789abcdef';
  const m = new SecretMasker([secret]);
  const text = Buffer.from(Array.from({ length: 5000 }, (_, i) => `line ${i} ${secret}\n`).join(''));
  const expected = text.toString('utf8').split(secret).join('***');
  for (const size of [text.length, 65536, 4096, 333, 17]) {
    const s = m.byteStream();
    const out: Buffer[] = [];
    for (let o = 0; o < text.length; o += size) out.push(Buffer.from(s.push(Buffer.from(text.subarray(o, o + size)))));
    out.push(Buffer.from(s.end()));
    assert.equal(Buffer.concat(out).toString('utf8'), expected, `reads of ${size} bytes`);
  }
});
