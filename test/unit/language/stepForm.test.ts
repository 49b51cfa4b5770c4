// (unit) The graph's side form: generated from the schema for a step's common keys and its type's
// `with`, values as written, the validator's diagnostics on their key; and the one-key edits it sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SchemaNavigator, type SchemaNode } from '../../../src/language/index.js';
import { stepForm } from '../../../src/language/graph/index.js';
import { analyze } from './fixtures/analyze.js';

const nav = new SchemaNavigator(JSON.parse(readFileSync('schemas/pipeline.schema.json', 'utf8')) as SchemaNode);

const TEXT = [
  'version: 1',
  'templates:',
  '  base:',
  '    type: shell',
  '    with: {run: echo base}',
  'steps:',
  '  roll:',
  '    type: kubernetes.rollout',
  '    timeout: soon',
  '    with:',
  '      kind: deployment',
  '      name: web',
  '      bogus: 1',
  '  sh:',
  '    type: shell',
  '    continueOnError: ${{ matrix.x }}',
  '    matrix: {x: [true, false]}',
  '    with:',
  '      run: |',
  '        echo a',
  '        echo b',
  '  t:',
  '    uses: base',
  '',
].join('\n');

test('(unit) step form: fields from the schema with kinds, values, help and inline diagnostics', () => {
  const a = analyze(TEXT);
  const form = stepForm(a, nav, 'roll', a.parsed.diagnostics)!;
  assert.equal(form.type, 'kubernetes.rollout');
  const f = (k: string) => form.fields.find((x) => x.key.join('.') === k)!;
  // Common keys first, in their set order; then the type's parameters, required first.
  assert.deepEqual(form.fields.slice(0, 7).map((x) => x.key.join('.')), ['name', 'description', 'if', 'timeout', 'retry', 'continueOnError', 'workingDirectory']);
  assert.equal(f('continueOnError').kind, 'boolean');
  assert.equal(f('retry').kind, 'number');
  assert.equal(f('with.kind').kind, 'enum');
  assert.ok(f('with.kind').options!.includes('statefulset'));
  assert.equal(f('with.kind').value, 'deployment');
  assert.equal(f('with.name').value, 'web');
  assert.ok(f('with.action').description && f('with.action').kind === 'enum');
  // The validator's diagnostics sit on their key: a bad duration, an unknown parameter.
  assert.match(f('timeout').problems.map((p) => p.message).join(), /soon|duration/i);
  assert.ok(f('with.bogus').problems.length > 0, 'unknown parameter flagged on its field');
  assert.equal(f('name').problems.length, 0);
  assert.equal(form.note, undefined);

  const sh = stepForm(a, nav, 'sh', a.parsed.diagnostics)!;
  const g = (k: string) => sh.fields.find((x) => x.key.join('.') === k)!;
  assert.deepEqual(sh.fields.filter((x) => x.key[0] === 'with').map((x) => x.key[1]).slice(0, 1), ['run']);
  assert.equal(g('with.run').value, 'echo a\necho b\n');
  assert.ok(g('with.run').multiline);
  assert.ok(g('with.run').required, 'required marked');
  assert.equal(g('with.strict').kind, 'boolean');
  // An expression where a boolean goes: shown as text, as written.
  assert.equal(g('continueOnError').kind, 'string');
  assert.equal(g('continueOnError').value, '${{ matrix.x }}');
  assert.match(sh.note!, /matrix step.*every instance/);

  const t = stepForm(a, nav, 't', a.parsed.diagnostics)!;
  assert.equal(t.type, 'shell');
  assert.match(t.note!, /template 'base'.*override/);
  assert.equal(t.fields.find((x) => x.key.join('.') === 'with.run')!.value, undefined, "the template's value is not the step's own");
  assert.equal(stepForm(a, nav, 'nope', []), undefined);
});
