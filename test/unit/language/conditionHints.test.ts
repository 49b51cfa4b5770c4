import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSchema } from '../../../src/core/pipeline/index.js';
import { hover, pipelineDiagnostics, SchemaNavigator, type SchemaNode } from '../../../src/language/index.js';
import { analyze } from './fixtures/analyze.js';

const TEXT = `version: 1
params:
  deploy: { type: string, default: 'yes' }
steps:
  build: { type: shell, with: { run: 'true' } }
  deploy:
    type: shell
    needs: build
    if: params.deploy == 'yes'
    with: { run: 'true' }
  explicit: { type: shell, needs: build, if: "success() && params.deploy == 'yes'", with: { run: 'true' } }
  first: { type: shell, if: "params.deploy == 'yes'", with: { run: 'true' } }
finally:
  alert: { type: shell, if: "pipeline.status == 'failure'", with: { run: 'true' } }
`;

test('(unit) language: a condition whose meaning changed (no status function, step has needs) gets one condition-changed hint', () => {
  const hints = pipelineDiagnostics(analyze(TEXT)).filter((d) => d.code === 'condition-changed');
  assert.equal(hints.length, 1);
  assert.equal(hints[0]!.severity, 'hint');
  assert.equal(TEXT.slice(hints[0]!.range.start, hints[0]!.range.end), "params.deploy == 'yes'");
  assert.match(hints[0]!.message, /success\(\) && \(…\)/);
});

test('(unit) language: the hover on if: explains the implicit success() && (…)', () => {
  const nav = new SchemaNavigator(loadSchema() as SchemaNode);
  const h = hover(analyze(TEXT), nav, TEXT.indexOf('    if:') + 5);
  assert.ok(h, 'a hover on if');
  assert.match(h.markdown, /success\(\) && \(…\)/);
  assert.match(h.markdown, /failure/);
});
