// (unit) A model's text ranges as one flat array: they rebuild the model exactly, jobs and group edges too,
// and an array of another shape is refused rather than read out of step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyGraphPatch, buildGraphModel, graphPatch, graphRanges, withGraphRanges } from '../../../../src/core/graph/index.js';
import { parsePipeline } from '../../../../src/core/pipeline/index.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// An example with jobs, job needs (group edges) and step needs.
const FILE = resolve('examples/release.ansflow.yaml');
const TEXT = readFileSync(FILE, 'utf8');

test('(unit) graph ranges: a patched model with the new ranges is the new model, groups and group edges included', () => {
  const before = buildGraphModel(parsePipeline(TEXT, { file: FILE }));
  // Every offset after the first line moves; a step is added to the first job.
  const moved = `# moved\n${TEXT.replace('    steps:\n', '    steps:\n      added:\n        type: shell\n        with: {run: echo added}\n')}`;
  const after = buildGraphModel(parsePipeline(moved, { file: FILE }));
  assert.ok(after.groups?.length && after.groupEdges?.length && after.edges.length);
  const patch = graphPatch(before, after);
  assert.ok(patch);
  assert.notDeepEqual(applyGraphPatch(before, patch), after, 'a patch alone keeps the old ranges');
  assert.deepEqual(withGraphRanges(applyGraphPatch(before, patch), graphRanges(after)), after);
});

test('(unit) graph ranges: an array of another shape is refused', () => {
  const m = buildGraphModel(parsePipeline(TEXT, { file: FILE }));
  const r = graphRanges(m);
  assert.equal(withGraphRanges(m, r.subarray(0, r.length - 2)), undefined);
  assert.equal(withGraphRanges({ ...m, groups: undefined, groupEdges: undefined }, r), undefined);
});
