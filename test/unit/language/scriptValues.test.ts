import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { hover, quickFixes, SchemaNavigator, type TextEdit } from '../../../src/language/index.js';
import { parsePipeline } from '../../../src/core/pipeline/index.js';
import { analyze } from './fixtures/analyze.js';
import { miniSchema } from './fixtures/miniSchema.js';
import { offsetOf } from './cursor.js';

const nav = new SchemaNavigator(miniSchema);

function apply(text: string, edits: TextEdit[]): string {
  return [...edits].sort((x, y) => y.range.start - x.range.start).reduce((t, e) => t.slice(0, e.range.start) + e.newText + t.slice(e.range.end), text);
}

function moveToEnv(text: string): string {
  const a = analyze(text);
  const d = a.parsed.diagnostics.find((x) => x.code === 'script-injection');
  assert.ok(d, 'a script-injection diagnostic');
  const [fix] = quickFixes(a, nav, [d]);
  assert.ok(fix, 'a quick fix');
  assert.match(fix.title, /Move the value to env: NAME/);
  return apply(text, fix.edits);
}

test('(unit) quick fix script-injection → move the value to env: (new env block, existing block, double-quoted sh -c)', () => {
  const noEnv = "version: 1\nparams:\n  name: x\nsteps:\n  a:\n    type: shell\n    with:\n      run: |\n        cat <<'EOF'\n        hi ${{ params.name }}\n        EOF\n";
  const fixed = moveToEnv(noEnv);
  assert.equal(fixed, "version: 1\nparams:\n  name: x\nsteps:\n  a:\n    env:\n      NAME: '${{ params.name }}'\n    type: shell\n    with:\n      run: |\n        cat <<'EOF'\n        hi $NAME\n        EOF\n");
  assert.deepEqual(parsePipeline(fixed).diagnostics.filter((d) => d.severity === 'error'), []);

  const withEnv = 'version: 1\nparams:\n  name: x\nsteps:\n  a:\n    type: shell\n    env:\n      OTHER: 1\n    with:\n      run: sh -c "echo ${{ params.name }}"\n';
  const fixed2 = moveToEnv(withEnv);
  assert.match(fixed2, /env:\n {6}NAME: '\$\{\{ params\.name \}\}'\n {6}OTHER: 1\n/);
  assert.match(fixed2, /run: sh -c "echo \\\$NAME"/);
  // The fixed script prints the value literally: the inner shell expands the variable.
  const run = /run: (.*)\n/.exec(fixed2)![1]!;
  assert.equal(execFileSync('sh', ['-c', run], { env: { NAME: '$(echo pwned); x', PATH: process.env.PATH }, encoding: 'utf8' }), '$(echo pwned); x\n');
});

test('(unit) hover on a ${{ }} in a script explains how its value gets there', () => {
  const text = "version: 1\nparams:\n  name: x\nsteps:\n  a:\n    type: shell\n    with:\n      run: echo ${{ params.name }} '${{ params.name }}'\n";
  const a = analyze(text);
  const h1 = hover(a, nav, offsetOf(text, 'params.name }} ', 3))!;
  assert.match(h1.markdown, /Values never become code/);
  assert.match(h1.markdown, /"\$\{AF_n\}"/);
  const h2 = hover(a, nav, text.lastIndexOf('params.name') + 3)!;
  assert.match(h2.markdown, /closes the single quotes/);
});
