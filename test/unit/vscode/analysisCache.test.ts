// The graph editor's analysis cache: one analysis per document and version, and never one made for another
// document object that had the same URI and version (a file closed and opened again starts at version 1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { parsePipeline } from '../../../src/core/pipeline/index.js';
import { AnalysisCache } from '../../../src/vscode/language/AnalysisCache.js';
import type { WorkspaceIndex } from '../../../src/language/index.js';

const uri = { toString: () => 'file:///ws/p.ansflow.yaml', scheme: 'file', fsPath: '/ws/p.ansflow.yaml' } as vscode.Uri;
const docOf = (text: string, version = 1) => ({ uri, version, getText: () => text }) as unknown as vscode.TextDocument;
const pipeline = (id: string) => `version: 1\nname: p\nsteps:\n  ${id}:\n    type: shell\n    with:\n      run: echo ${id}\n`;

test('(unit) analysis cache: one analysis per version; a reopened document (version 1 again) is analysed again', () => {
  const cache = new AnalysisCache(parsePipeline, {} as WorkspaceIndex);
  const first = docOf(pipeline('build'));
  const a = cache.get(first);
  assert.equal(cache.get(first), a, 'the same version is not parsed again');
  assert.deepEqual([...a.stepById.keys()], ['build']);
  // Closed, changed on disk, opened again: a new document object at version 1 with other text.
  const reopened = docOf(pipeline('deploy'));
  assert.deepEqual([...cache.get(reopened).stepById.keys()], ['deploy']);
  cache.delete(uri);
  assert.deepEqual([...cache.get(first).stepById.keys()], ['build']);
});
