// (unit) The language service's incremental analysis (one step cache per document that patches the previous
// YAML document and shares unchanged steps) pushes, after every keystroke sent as VS Code content changes,
// exactly the diagnostics a fresh analysis of the same text gives, and its folding, symbols and hover answer
// as a fresh analysis does (they read the patched document and the shared steps).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePipeline } from '../../../../src/core/pipeline/index.js';
import type { Diagnostic } from '../../../../src/core/contracts/diagnostics.js';
import { analyzePipeline, documentSymbols, foldingRanges, hover, pipelineDiagnostics, SchemaNavigator } from '../../../../src/language/index.js';
import { PipelineLanguageService } from '../../../../src/language/worker/PipelineLanguageService.js';
import type { TextChange } from '../../../../src/language/worker/protocol.js';
import { miniSchema } from '../fixtures/miniSchema.js';
import { generatePipeline } from '../../../../bench/fixtures/generatePipeline.js';
import { nameEdit, nameEditAt } from '../../core/pipeline/parse/graphEdits.js';

const RUNS = Number(process.env.ANSFLOW_PROPERTY_RUNS ?? 30);
const nav = new SchemaNavigator(miniSchema);
const URI = 'file:///ws/gen.ansflow.yaml';
const FILE = '/ws/gen.ansflow.yaml';

// Keystrokes anywhere (unbiased positions), now and then a pasted line or a deleted run, and edits of the
// names other steps' checks read (ids, needs, outputs, params, env: test/unit/core/pipeline/parse/graphEdits.ts).
const change = fc.record({
  at: fc.noBias(fc.integer({ min: 0, max: 999_999 })).map((n) => n / 1e6),
  cut: fc.constantFrom(0, 0, 0, 1, 1, 5),
  put: fc.constantFrom('a', 'a', '1', '', ' ', '\n', '\n      x: 1', '${{ steps.s2.outputs.result }}', ':'),
});

test('(unit) incremental analysis: after each keystroke the pushed diagnostics, folding, symbols and hover equal a fresh analysis', () => {
  const original = generatePipeline(30);
  fc.assert(
    fc.property(fc.array(fc.oneof({ arbitrary: change, weight: 3 }, { arbitrary: nameEdit, weight: 1 }), { minLength: 1, maxLength: 8 }), (list) => {
      let pushed: Diagnostic[] = [];
      const svc = new PipelineLanguageService({ parse: parsePipeline, nav, workspace: {}, onDiagnostics: (_u, _v, d) => (pushed = d) });
      let text = original;
      let version = 1;
      svc.handle({ type: 'open', uri: URI, version, text, file: FILE });
      svc.flush();
      for (const c of list) {
        const named = 'before' in c ? nameEditAt(text, c) : undefined;
        if ('before' in c && !named) continue;
        const offset = named ? named.offset : Math.floor((c as { at: number }).at * text.length);
        const edit: TextChange = named ? { offset, length: named.cut, text: named.put } : { offset, length: Math.min(c.cut, text.length - offset), text: c.put };
        text = text.slice(0, offset) + edit.text + text.slice(offset + edit.length);
        svc.handle({ type: 'change', uri: URI, version: ++version, changes: [edit] });
        svc.flush();
        const fresh = analyzePipeline(parsePipeline, text, { file: FILE, workspace: {} });
        assert.deepStrictEqual(pushed, pipelineDiagnostics(fresh, {}));
        assert.deepStrictEqual(svc.request(URI, version, { method: 'folding' }), foldingRanges(fresh));
        assert.deepStrictEqual(svc.request(URI, version, { method: 'symbols' }), documentSymbols(fresh));
        const probe = text.indexOf('type:', Math.floor(text.length / 2));
        if (probe >= 0) assert.deepStrictEqual(svc.request(URI, version, { method: 'hover', offset: probe }), hover(fresh, nav, probe, {}));
      }
    }),
    { numRuns: RUNS, seed: 2030 },
  );
});
