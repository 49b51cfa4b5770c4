// (unit) The editor's input-limit scan: re-scanning only around an edit gives what a scan of the whole
// text gives, for random edits of texts near the limits (flow collections, quotes, comments, nesting).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkInputLimits, LimitScan, type InputLimits } from '../../../../../src/core/pipeline/parse/inputLimits.js';

const RUNS = Number(process.env.ANSFLOW_PROPERTY_RUNS ?? 30);

// A pipeline-like text of `n` steps with the constructs the scan tracks across lines.
function text(n: number): string {
  const lines = ['version: 1', 'steps:'];
  for (let i = 0; i < n; i++) {
    // Commas and quotes in plain scalars count only inside an unclosed flow collection.
    lines.push(`  s${i}:`, '    type: shell', `    needs: [s${Math.max(0, i - 1)}, "a, b"]`, "    description: one, two, it's", '    with:', `      run: echo [x] # ${i}`);
    if (i % 5 === 0) lines.push('    matrix: {os: [linux,', "      'mac, os'], arch: [x]}");
    // Rare (a few hundred lines apart), so a wrong nesting after an edit shows after the next checkpoint.
    if (i % 40 === 39) lines.push('    env:', '      - - - deep');
  }
  return `${lines.join('\n')}\n`;
}

const PIECES = ['[', ']', '{', '}', ',', '"', "'", '\\', '#', ' ', '\n', '- ', '  ', '- - - - x\n', 'a: [b, [c, [d]]]\n', 'x', 'k: [', 'k: {', '\n x', '\n   x: ', '\n- '];
const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), cut: fc.integer({ min: 0, max: 12 }), put: fc.array(fc.constantFrom(...PIECES), { maxLength: 4 }).map((p) => p.join('')) });

test('(unit) limit scan: re-scanning around each edit equals a whole scan, near and past the limits', () => {
  const base = text(120);
  const counted = new LimitScan();
  assert.equal(checkInputLimits(base, undefined, counted), undefined);
  let outcomes = { refused: 0, passed: 0 };
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), fc.oneof(fc.integer({ min: -3, max: 8 }), fc.integer({ min: 9, max: 400 })), fc.integer({ min: 7, max: 9 }), (edits, slack, maxDepth) => {
      // Limits a few entries either side of the text's, or more so an unclosed `[` shows only far on
      // (and just above its nesting), so edits cross them both ways.
      const limits: InputLimits = { maxEntries: counted.entries + slack, maxDepth, maxSteps: 10_000 };
      const memo = new LimitScan();
      let t = base;
      assert.deepStrictEqual(checkInputLimits(t, limits, memo), checkInputLimits(t, limits));
      for (const e of edits) {
        const at = Math.floor(e.at * t.length);
        t = t.slice(0, at) + e.put + t.slice(Math.min(t.length, at + e.cut));
        const whole = checkInputLimits(t, limits);
        assert.deepStrictEqual(checkInputLimits(t, limits, memo), whole);
        outcomes = whole ? { ...outcomes, refused: outcomes.refused + 1 } : { ...outcomes, passed: outcomes.passed + 1 };
      }
    }),
    { numRuns: Math.max(100, RUNS * 10), seed: 20 },
  );
  // Both outcomes occur often enough for the comparison to mean something.
  assert.ok(outcomes.refused > 50 && outcomes.passed > 50, JSON.stringify(outcomes));
});

test('(unit) limit scan: an edit in a long text is scanned from the checkpoint before it to the one after it', () => {
  const base = text(400);
  const memo = new LimitScan();
  assert.equal(checkInputLimits(base, undefined, memo), undefined);
  const all = memo.scannedLines;
  assert.ok(all > 2000, `${all} lines`);
  const at = base.indexOf('echo [x] # 200');
  const edited = `${base.slice(0, at)}echo more ${base.slice(at)}`;
  assert.equal(checkInputLimits(edited, undefined, memo), undefined);
  assert.ok(memo.scannedLines <= 2 * 64 + 1, `${memo.scannedLines} lines scanned again`);
  // A new line and an opened flow collection change the state: the scan goes on until it agrees again.
  const opened = `${edited.slice(0, at)}[\n${edited.slice(at)}`;
  assert.deepStrictEqual(checkInputLimits(opened, undefined, memo), checkInputLimits(opened));
  // A `[` left open far from the limit: the scan must not take a checkpoint in block context for the
  // same state (commas in plain scalars count from here on, and pass the limit 300 lines later).
  const counted = new LimitScan();
  checkInputLimits(base, undefined, counted);
  const near = { maxEntries: counted.entries + 100, maxDepth: 100, maxSteps: 10_000 };
  const fresh = new LimitScan();
  assert.equal(checkInputLimits(base, near, fresh), undefined);
  const typeAt = base.indexOf('type: shell', at) + 'type: '.length;
  const unclosed = `${base.slice(0, typeAt)}k: [${base.slice(typeAt)}`;
  const refused = checkInputLimits(unclosed, near);
  assert.equal(refused?.code, 'too-large');
  assert.deepStrictEqual(checkInputLimits(unclosed, near, fresh), refused);
  // Different limits: scanned from the start.
  const limits = { maxEntries: 100_000, maxDepth: 50, maxSteps: 10 };
  assert.deepStrictEqual(checkInputLimits(opened, limits, memo), checkInputLimits(opened, limits));
  assert.ok(memo.scannedLines >= all, `${memo.scannedLines}`);
});
