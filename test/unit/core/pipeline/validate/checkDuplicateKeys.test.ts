// Duplicate keys in small maps (compared pairwise) and large ones (through a Map) are reported alike:
// every repeat of a key, each pointing at the key's first occurrence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePipeline } from '../../../../../src/core/pipeline/index.js';

const RUNS = Number(process.env.ANSFLOW_PROPERTY_RUNS ?? 200);

test('(unit) duplicate keys: each repeat is reported against the first occurrence, in maps of 2 to 14 keys', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'), { minLength: 2, maxLength: 14 }), (keys) => {
      const lines = keys.map((k, i) => `      ${k}: ${i}`);
      const text = `version: 1\nsteps:\n  s:\n    type: shell\n    with:\n      run: x\n    env:\n${lines.join('\n')}\n`;
      const found = parsePipeline(text).diagnostics.filter((d) => d.message.startsWith('duplicate key'));
      const lineStart = (i: number): number => text.indexOf(lines[i]!) + 6;
      const expected = keys.flatMap((k, i) => {
        const first = keys.indexOf(k);
        return first < i ? [{ at: lineStart(i), first: lineStart(first), key: k }] : [];
      });
      assert.deepEqual(
        found.map((d) => ({ at: d.range.start, first: d.related![0]!.range.start, key: (d.data as { key: string }).key })),
        expected,
      );
    }),
    { numRuns: RUNS },
  );
});
