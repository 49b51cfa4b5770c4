// (unit) The side form's edits: one key of one step set or removed as one minimal text edit (every byte
// outside it unchanged), values round-tripping as data (quoted by the yaml library), on every example
// plus comment, CRLF, flow-map and block-script cases; refusals where a field cannot say it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TextEdit } from '../../../src/language/index.js';
import { applyTextEdits, setStepKey, type GraphEditResult } from '../../../src/language/graph/index.js';
import { analyze } from './fixtures/analyze.js';

const dir = resolve('examples');
const examples = readdirSync(dir).filter((f) => f.endsWith('.ansflow.yaml'));
/** Every character YAML treats specially, as a user may type them. */
const NASTY = `it's a "test": {x}, [y] #1 & *z | > % @ \\ \${{ not }}`;

function ok(r: GraphEditResult): TextEdit[] {
  if ('error' in r) assert.fail(r.error);
  return r.edits;
}

function refused(r: GraphEditResult, re: RegExp): void {
  if (!('error' in r)) assert.fail(`accepted: ${JSON.stringify(r.edits)}`);
  assert.match(r.error, re);
}

/** One edit, inside `within`; returns the text after it, checking every byte outside the edit. */
function one(before: string, edits: TextEdit[], within: { start: number; end: number }): string {
  assert.equal(edits.length, 1, 'one edit');
  const e = edits[0]!;
  assert.ok(within.start <= e.range.start && e.range.end <= within.end, `edit ${JSON.stringify(e)} outside ${JSON.stringify(within)}`);
  const after = applyTextEdits(before, edits);
  assert.equal(after.slice(0, e.range.start), before.slice(0, e.range.start));
  assert.equal(after.slice(e.range.start + e.newText.length), before.slice(e.range.end));
  return after;
}

function errors(text: string, file?: string): string[] {
  return analyze(text, file).parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
}

for (const file of examples) {
  test(`(unit) form edits on example ${file}: set, change and remove a key and a parameter — one minimal edit each`, () => {
    const path = join(dir, file);
    const text = readFileSync(path, 'utf8');
    const a = analyze(text, path);
    const step = a.allSteps.find((s) => s.type === 'shell' && !s.origin && typeof s.with.run === 'string');
    if (!step) return;
    const within = { start: step.range.start, end: step.range.end + 1 };
    // A common key: set (inserted or replaced), read back as written.
    const t1 = one(text, ok(setStepKey(a, step.id, ['timeout'], '7m')), within);
    assert.equal(analyze(t1, path).stepById.get(step.id)!.timeoutMs, 7 * 60_000);
    assert.deepEqual(errors(t1, path), []);
    // A parameter set to text full of YAML's special characters: data, quoted by the library.
    const t2 = one(text, ok(setStepKey(a, step.id, ['with', 'shell'], NASTY)), within);
    assert.equal(analyze(t2, path).stepById.get(step.id)!.with.shell, NASTY);
    // Removing what was added restores the text byte for byte.
    const a2 = analyze(t2, path);
    assert.equal(applyTextEdits(t2, ok(setStepKey(a2, step.id, ['with', 'shell'], null))), text);
    // The script, replaced by another of several lines: still a script, same lines around it.
    const t3 = one(text, ok(setStepKey(a, step.id, ['with', 'run'], 'echo one\necho "two"\n')), within);
    assert.equal(analyze(t3, path).stepById.get(step.id)!.with.run, 'echo one\necho "two"\n');
    assert.deepEqual(errors(t3, path), []);
  });
}

test('(unit) form edits keep comments and CRLF; flow maps get quoted values inside their braces', () => {
  const text = [
    '# comments stay',
    'version: 1',
    'steps:',
    '  build:   # the build',
    '    type: shell',
    '    timeout: 2m   # keep this comment',
    '    with:',
    '      run: |',
    '        make',
    '        make test',
    '      # a comment after the script',
    '      shell: bash',
    '  quick: {type: shell, with: {run: echo hi}}   # flow',
    '  bare:',
    '    type: shell',
    '    needs: [build]',
    '',
  ].join('\r\n');
  const a = analyze(text);
  assert.deepEqual(errors(text), []);
  const crlf = (t: string) => assert.ok(!/[^\r]\n/.test(t), 'CRLF stays CRLF');

  const t1 = applyTextEdits(text, ok(setStepKey(a, 'build', ['timeout'], '5m')));
  assert.ok(t1.includes('    timeout: 5m   # keep this comment\r\n'));
  const t2 = applyTextEdits(text, ok(setStepKey(a, 'build', ['with', 'run'], 'make all\nmake check\n')));
  crlf(t2);
  assert.ok(t2.includes('      run: |\r\n        make all\r\n        make check\r\n      # a comment after the script\r\n'), JSON.stringify(t2));
  assert.equal(analyze(t2).stepById.get('build')!.with.run, 'make all\nmake check\n');
  // Booleans and numbers are written as such; a string that looks like one is quoted.
  const t3 = applyTextEdits(text, ok(setStepKey(a, 'build', ['with', 'strict'], false)));
  assert.ok(t3.includes('      shell: bash\r\n      strict: false\r\n'));
  const t4 = applyTextEdits(text, ok(setStepKey(a, 'build', ['name'], 'true')));
  assert.equal(analyze(t4).stepById.get('build')!.name, 'true');
  assert.ok(t4.includes('    name: "true"\r\n'));
  // Flow map: inside the braces, quoted where a plain scalar would end at a comma.
  const t5 = applyTextEdits(text, ok(setStepKey(a, 'quick', ['with', 'run'], 'echo a, b')));
  assert.ok(t5.includes('  quick: {type: shell, with: {run: "echo a, b"}}   # flow\r\n'), t5);
  const t6 = applyTextEdits(text, ok(setStepKey(a, 'quick', ['retry'], 2)));
  assert.ok(t6.includes('  quick: {type: shell, with: {run: echo hi}, retry: 2}   # flow\r\n'), t6);
  // A step without `with` gets one holding the parameter, at the step's indentation.
  const t7 = applyTextEdits(text, ok(setStepKey(a, 'bare', ['with', 'run'], NASTY)));
  crlf(t7);
  assert.ok(t7.endsWith('    needs: [build]\r\n    with:\r\n      run: "it\'s a \\"test\\": {x}, [y] #1 & *z | > % @ \\\\ ${{ not }}"\r\n'), t7);
  assert.equal(analyze(t7).stepById.get('bare')!.with.run, NASTY);
  // Removing the only parameter removes `with` too; removing a commented key takes its line.
  const single = 'version: 1\nsteps:\n  s:\n    type: shell\n    with:\n      run: x\n    timeout: 1m\n';
  assert.equal(applyTextEdits(single, ok(setStepKey(analyze(single), 's', ['with', 'run'], null))), 'version: 1\nsteps:\n  s:\n    type: shell\n    timeout: 1m\n');
  for (const t of [t1, t3, t5, t6]) {
    crlf(t);
    assert.deepEqual(errors(t), []);
  }
});

test('(unit) form edits refuse what a field cannot write, with one-line reasons', () => {
  const text = 'version: 1\nsteps:\n  a:\n    type: shell\n    timeout: &t 1m\n    with: {run: x, args: [1, 2]}\n  b:\n    type: shell\n    timeout: *t\n    with: {run: y}\n';
  const a = analyze(text);
  refused(setStepKey(a, 'a', ['timeout'], '2m'), /anchor &t/);
  refused(setStepKey(a, 'a', ['with', 'args'], 'x'), /list or mapping/);
  refused(setStepKey(a, 'a', ['env'], 'x'), /cannot edit 'env'/);
  refused(setStepKey(a, 'a', ['with', 'bad key'], 'x'), /cannot edit/);
  refused(setStepKey(a, 'zz', ['timeout'], '1m'), /no step 'zz'/);
  refused(setStepKey(analyze('version: 1\nsteps: [\n'), 'a', ['timeout'], '1m'), /does not parse/);
  // The alias itself is a value like another: replaced, the anchor left alone.
  assert.ok(applyTextEdits(text, ok(setStepKey(a, 'b', ['timeout'], '3m'))).includes('    timeout: 3m\n'));
});
