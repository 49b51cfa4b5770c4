import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quickFixes, SchemaNavigator } from '../../../src/language/index.js';
import { analyze } from './fixtures/analyze.js';
import { miniSchema } from './fixtures/miniSchema.js';

const nav = new SchemaNavigator(miniSchema);

/** A pipeline whose step `use` needs `typo`, among steps with the given ids. */
function pipeline(ids: string[], typo: string): string {
  return `steps:\n${ids.map((id) => `  ${id}:\n    type: shell\n`).join('')}  use:\n    type: shell\n    needs: [${typo}]\n`;
}

// Each row: existing step ids, the typed need. Rows include a swap of neighbours ('biuld' is one
// edit from 'build' but two under plain Levenshtein) and ties that a different order would break.
const CASES: Array<[string[], string]> = [
  [['build', 'bild'], 'biuld'],
  [['build', 'test'], 'biuld'],
  [['tsx', 'test'], 'tst'],
  [['deploy-prod', 'deploy-staging'], 'deploy'],
  [['lint', 'list', 'link'], 'lnit'],
  [['package', 'publish'], 'pakcage'],
];

test('(unit) "did you mean": the diagnostic and its preferred quick fix suggest the same name', () => {
  for (const [ids, typo] of CASES) {
    const a = analyze(pipeline(ids, typo));
    const d = a.parsed.diagnostics.find((x) => x.code === 'unknown-need');
    assert.ok(d, `an unknown-need for ${typo}`);
    const suggested = d.data?.suggestion;
    assert.equal(typeof suggested, 'string', `the diagnostic for ${typo} among ${ids.join(',')} suggests a name`);
    const preferred = quickFixes(a, nav, [d]).find((f) => f.preferred);
    assert.equal(preferred?.edits[0]?.newText, suggested, `${typo} among ${ids.join(',')}: quick fix vs diagnostic`);
    assert.match(d.message, new RegExp(`did you mean '${String(suggested)}'`));
  }
});
