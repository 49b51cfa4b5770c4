// Every shipped example runs through every feature: it is the template gallery, so it must be clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  buildGallery,
  EMPTY_PIPELINE_ENTRY,
  codeLenses,
  complete,
  documentLinks,
  documentSymbols,
  foldingRanges,
  formatPipeline,
  hover,
  pipelineDiagnostics,
  producedPaths,
  SchemaNavigator,
  selectionRanges,
  type SchemaNode,
} from '../../../src/language/index.js';
import { analyze } from './fixtures/analyze.js';

const dir = resolve('examples');
const files = readdirSync(dir).filter((f) => f.endsWith('.ansflow.yaml'));
const nav = new SchemaNavigator(JSON.parse(readFileSync('schemas/pipeline.schema.json', 'utf8')) as SchemaNode);
const fsIndex = {
  exists: (p: string) => existsSync(p),
  listDir: (p: string) => readdirSync(p).map((name) => ({ name, isDirectory: statSync(join(p, name)).isDirectory() })),
};

test('(unit) the template gallery holds at least six examples with labels', () => {
  const gallery = buildGallery(files.map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8') })));
  assert.ok(gallery.length >= 6, `${gallery.length} examples`);
  for (const g of gallery) assert.ok(g.label && g.steps > 0, `${g.file} has a label and steps`);
});

test('(unit) the gallery\'s "Empty pipeline" template validates with no diagnostics', () => {
  const path = join(dir, EMPTY_PIPELINE_ENTRY.file);
  const a = analyze(EMPTY_PIPELINE_ENTRY.text, path, fsIndex);
  assert.deepEqual(pipelineDiagnostics(a, fsIndex).map((d) => `${d.code}: ${d.message}`), []);
  assert.equal(a.allSteps.length, EMPTY_PIPELINE_ENTRY.steps);
});

for (const file of files) {
  test(`(unit) example ${file}: no diagnostics (links resolve), every feature answers`, () => {
    const path = join(dir, file);
    const text = readFileSync(path, 'utf8');
    const a = analyze(text, path, fsIndex);
    // Hints (the condition-changed transition note) are not problems.
    assert.deepEqual(pipelineDiagnostics(a, fsIndex).filter((d) => d.severity !== 'hint').map((d) => `${d.code}: ${d.message}`), []);
    assert.ok(documentSymbols(a).some((s) => s.name === 'steps' || s.name === 'jobs'));
    assert.ok(codeLenses(a).length >= 2 + a.allSteps.length);
    assert.ok(foldingRanges(a).length > 0);
    // Each link covers the path as written and points at a file that exists or that the pipeline writes.
    const produced = producedPaths(a);
    for (const link of documentLinks(a)) {
      const written = text.slice(link.range.start, link.range.end).replace(/\/+$/, '');
      assert.ok(written && link.target.endsWith(written), `link ${link.key} covers '${written}', target ${link.target}`);
      const made = produced.some((p) => p === link.target || p.startsWith(`${link.target}/`) || link.target.startsWith(`${p}/`));
      assert.ok(made || existsSync(link.target), `link target ${link.target} exists or is produced`);
    }
    // Hover and completion at every step id and every `needs` entry.
    const stepIds = new Set(a.allSteps.map((s) => s.id));
    for (const s of a.allSteps) {
      assert.ok(hover(a, nav, s.idRange.start + 1, fsIndex)?.markdown.includes(s.id));
      // Completion on a `needs` entry offers other steps' ids, never the step's own.
      for (const n of s.needs) {
        const labels = complete(a, nav, n.range.start, { workspace: fsIndex }).map((e) => e.label);
        assert.ok(labels.length > 0, `completion at needs '${n.value}' of ${s.id} offers step ids`);
        assert.ok(!labels.includes(s.id), `completion at needs of ${s.id} does not offer ${s.id} itself: ${labels.join(', ')}`);
        for (const label of labels) assert.ok(stepIds.has(label), `completion at needs of ${s.id} offers step '${label}'`);
      }
      assert.ok(selectionRanges(a, s.idRange.start).length >= 2);
    }
    const formatted = formatPipeline(text, { tabSize: 2 });
    if (formatted.length) assert.equal(analyze(formatted[0]!.newText, path).parsed.diagnostics.length, 0, 'formatting keeps it valid');
  });
}

test('(unit) the gallery has document links, so the per-example link checks check something', () => {
  const links = files.flatMap((file) => documentLinks(analyze(readFileSync(join(dir, file), 'utf8'), join(dir, file), fsIndex)));
  assert.ok(links.length > 0, `${links.length} links across ${files.length} examples`);
});
