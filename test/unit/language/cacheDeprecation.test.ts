// (unit) `cache:` as the dependency cache, `upToDate:` as the up-to-date check, and the old
// `cache: {sources, generates}` form: still an up-to-date check, with a warning and a quick fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePipeline } from '../../../src/core/pipeline/index.js';
import { quickFixes, SchemaNavigator } from '../../../src/language/index.js';
import { analyze } from './fixtures/analyze.js';
import { miniSchema } from './fixtures/miniSchema.js';

const OLD = `version: 1
steps:
  build:
    type: shell
    cache:
      sources: [src/**]
      generates: [dist/app.js]
    with: { run: make }
`;

test('(unit) cache: the old up-to-date form keeps working, warns at the key, and the quick fix renames it to upToDate', () => {
  const a = analyze(OLD);
  const step = a.parsed.pipeline.steps[0]!;
  assert.deepEqual(step.cache, { sources: ['src/**'], generates: ['dist/app.js'] });
  assert.equal(step.dependencyCache, undefined);
  const d = a.parsed.diagnostics.filter((x) => x.code === 'cache-deprecated');
  assert.equal(d.length, 1);
  assert.equal(d[0]!.severity, 'warning');
  assert.equal(OLD.slice(d[0]!.range.start, d[0]!.range.end), 'cache');
  const fixes = quickFixes(a, new SchemaNavigator(miniSchema), d);
  assert.deepEqual(fixes.map((f) => [f.title, f.preferred]), [["Rename 'cache' to 'upToDate'", true]]);
  const fixed = OLD.slice(0, d[0]!.range.start) + fixes[0]!.edits[0]!.newText + OLD.slice(d[0]!.range.end);
  const b = parsePipeline(fixed, { file: '/ws/p.ansflow.yaml' });
  assert.deepEqual(b.pipeline.steps[0]!.cache, step.cache, 'the same check after the fix');
  assert.deepEqual(b.diagnostics.filter((x) => x.severity === 'error' || x.code === 'cache-deprecated'), []);
});

test('(unit) cache: key/paths/restoreKeys is the dependency cache, next to an upToDate check, without warnings', () => {
  const text = `version: 1
steps:
  deps:
    type: shell
    cache:
      key: npm-\${{ hashFiles('package-lock.json') }}
      restoreKeys: [npm-]
      paths: [node_modules]
    upToDate:
      sources: [package-lock.json]
    with: { run: npm ci }
`;
  const r = parsePipeline(text, { file: '/ws/p.ansflow.yaml' });
  const step = r.pipeline.steps[0]!;
  assert.deepEqual(step.dependencyCache, { key: "npm-${{ hashFiles('package-lock.json') }}", paths: ['node_modules'], restoreKeys: ['npm-'] });
  assert.deepEqual(step.cache, { sources: ['package-lock.json'], generates: [] });
  assert.deepEqual(r.diagnostics.filter((x) => x.severity !== 'hint'), []);
  const bad = parsePipeline(text.replace('      paths: [node_modules]\n', ''), { file: '/ws/p.ansflow.yaml' });
  assert.ok(bad.diagnostics.some((x) => x.severity === 'error'), 'a dependency cache without paths is a schema error');
});
