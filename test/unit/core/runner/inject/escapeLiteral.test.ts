import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { escapeJsLiteral, escapePythonLiteral } from '../../../../../src/core/runner/inject/index.js';
import { withSeededSample } from '../../../helpers/seededSample.js';

// Any UTF-16 string, lone surrogates and control characters included, plus the characters that end
// or open something in a literal.
const anyText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom('\\', "'", '"', '`', '$', '{', '}', '\n', '\r', '\u0000', '\u2028', 'a', ' ') }),
);

test('(unit) escapeJsLiteral: every kind of literal evaluates back to the value (property)', () => {
  fc.assert(
    fc.property(anyText, fc.constantFrom("'", '"', '`') as fc.Arbitrary<"'" | '"' | '`'>, (value, q) => {
      const back = new Function(`return ${q}${escapeJsLiteral(value, q)}${q};`)() as string;
      assert.equal(back, value);
    }),
    { numRuns: 500 },
  );
});

test('(unit) escapePythonLiteral: str, f-string, triple-quoted and bytes literals evaluate back to the value (property, real python3)', () =>
  withSeededSample(fc.string({ unit: fc.oneof(fc.constantFrom('\\', "'", '"', '{', '}', '\n', '\r', '\u0000', '\u0085', '\u2028', '\u007f'), fc.string({ unit: 'grapheme', maxLength: 1 })) }), 200, (values) => {
    const kinds: Array<[string, string, boolean, boolean]> = [["'", '', false, false], ['"', 'f', false, true], ['"""', '', false, false], ["'''", 'f', false, true], ["'", 'b', true, false]];
    const lines = ['import json, sys', 'out = []'];
    for (const v of values) {
      for (const [q, prefix, bytes, f] of kinds) {
        const lit = `${prefix}${q}${escapePythonLiteral(v, q, bytes, f)}${q}`;
        lines.push(`out.append(${bytes ? `${lit}.decode('utf-8')` : lit})`);
      }
    }
    lines.push('sys.stdout.write(json.dumps(out))');
    const got = JSON.parse(execFileSync('python3', ['-c', 'import sys; exec(sys.stdin.read())'], { input: lines.join('\n'), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as string[];
    assert.deepEqual(got, values.flatMap((v) => kinds.map(() => v)));
  }));
