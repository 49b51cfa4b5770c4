import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupByFile, offsetToPos0, problemDiagnostic, stepFailureDiagnostic } from '../../../src/vscode/run/runDiagnostics.js';
import type { ParsedPipeline, Step } from '../../../src/core/pipeline/model.js';

const TEXT = 'name: demo\nsteps:\n  build:\n    type: shell\n  test:\n    type: shell\n';

function step(id: string): Step {
  const start = TEXT.indexOf(`  ${id}:`) + 2;
  return {
    id, idRange: { start, end: start + id.length }, range: { start, end: start + id.length + 1 }, with: {}, withKeyRanges: {}, withValueRanges: {},
    needs: [], env: {}, continueOnError: false, outputs: {}, artifacts: [], isFinally: false, expressions: [],
  };
}

const parsed = {
  text: TEXT,
  document: undefined,
  diagnostics: [],
  pipeline: { name: 'demo', params: [], env: {}, secrets: [], defaults: {}, includes: [], templates: [], steps: [step('build'), step('test')], finally: [], expressions: [] },
} as ParsedPipeline;

test('(unit) a failed step becomes an error on its id with exit code and last lines', () => {
  const d = stepFailureDiagnostic(parsed, '/w/demo.ansflow.yaml', { step: 'test', stepId: 'test', status: 'failed', exitCode: 2, lastLines: ['boom'] })!;
  assert.equal(d.code, 'step-failed');
  assert.deepEqual([d.start, d.end], [{ line: 4, character: 2 }, { line: 4, character: 6 }]);
  assert.match(d.message, /exit code 2/);
  assert.match(d.message, /boom$/);
  assert.equal(stepFailureDiagnostic(parsed, 'f', { step: 'nope', stepId: 'nope', status: 'failed', lastLines: [] }), undefined);
});

test('(unit) matcher problems keep their file position, 1-based to 0-based', () => {
  const d = problemDiagnostic({ file: '/w/a.ts', line: 3, column: 5, message: 'm', severity: 'warning', source: 'tsc', code: 'TS1' }, 'test');
  assert.deepEqual(d.start, { line: 2, character: 4 });
  assert.equal(d.source, 'ansflow:tsc');
  assert.equal(groupByFile([d, { ...d, file: '/w/b.ts' }, d]).get('/w/a.ts')!.length, 2);
  assert.deepEqual(offsetToPos0('a\nbc', 3), { line: 1, character: 1 });
});
