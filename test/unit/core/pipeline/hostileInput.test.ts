// Hostile pipeline texts (issue 11, "Bad input"): every walk over the document respects one alias
// budget, sizes and nesting are refused before yaml, and messages stay short. Timing is not asserted
// here (bench/validate.bench.ts has the alias case); the memory bound runs in a child process in
// test/unit/cli/hostileInput.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePipeline, readPipelineFile, decodePipelineBytes } from '../../../../src/core/pipeline/index.js';
import { logFileName } from '../../../../src/core/runner/store/RunStore.js';
import { loadSchema } from '../../../../src/core/pipeline/index.js';
import { analyzePipeline, codeLenses, documentLinks, documentSymbols, foldingRanges, hover, pipelineDiagnostics, SchemaNavigator, selectionRanges, type SchemaNode } from '../../../../src/language/index.js';
import { wideBadEnv, aliasBomb, cyclicAlias, deepBlock, deepFlow, deepIndent, garbage, hugePipeline, invalidUtf8, longId, longToken, manySteps, mergeBomb } from './hostile/hostileCorpus.js';

const codes = (text: string, options = {}) => parsePipeline(text, options).diagnostics.map((d) => d.code);

test('(unit) hostile: nested aliases in a step give alias-limit at an alias, not an endless walk', () => {
  for (const lines of [7, 9]) {
    const text = aliasBomb(lines);
    const parsed = parsePipeline(text);
    const d = parsed.diagnostics.find((x) => x.code === 'alias-limit');
    assert.ok(d, `no alias-limit for ${lines} lines: ${parsed.diagnostics.map((x) => `${x.code}: ${x.message}`).join('\n')}`);
    assert.equal(text[d.range.start], '*', 'the diagnostic points at an alias');
    assert.equal(text.slice(d.range.start, d.range.end), '*a4');
    assert.ok(!parsed.diagnostics.some((x) => /internal error/.test(x.message)));
    // The model is still read: the step exists and the walks (expressions, with, schema) finished.
    assert.deepEqual(parsed.pipeline.steps.map((s) => s.id), ['a']);
  }
});

test('(unit) hostile: merge-key bombs and self-referencing anchors are cut with alias-limit', () => {
  const merge = parsePipeline(mergeBomb(7));
  const m = merge.diagnostics.find((x) => x.code === 'alias-limit');
  assert.ok(m, merge.diagnostics.map((x) => x.message).join('\n'));
  assert.equal(merge.text[m.range.start], '*');

  const text = cyclicAlias();
  const cyc = parsePipeline(text);
  const c = cyc.diagnostics.find((x) => x.code === 'alias-limit');
  assert.ok(c, cyc.diagnostics.map((x) => x.message).join('\n'));
  assert.equal(text.slice(c.range.start, c.range.end), '*c');
  assert.equal(c.data?.reason, 'cycle');
});

test('(unit) hostile: ordinary anchors, aliases and merge keys still read as before', () => {
  const text = [
    'version: 1',
    'defaults: &d {shell: bash}',
    'templates:',
    '  base: &base',
    '    type: shell',
    '    env: &env {A: "1", B: "2"}',
    'steps:',
    '  one:',
    '    <<: *base',
    '    with: {run: echo one}',
    '  two:',
    '    type: shell',
    '    env: *env',
    '    with: &w {run: echo two, args: [x, y]}',
    '  three:',
    '    type: shell',
    '    with: *w',
    '    needs: [one, two]',
    '',
  ].join('\n');
  const parsed = parsePipeline(text);
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`), []);
  const byId = Object.fromEntries(parsed.pipeline.steps.map((s) => [s.id, s]));
  assert.equal(byId.one!.type, 'shell');
  assert.deepEqual(byId.one!.env, { A: '1', B: '2' });
  assert.deepEqual(byId.two!.env, { A: '1', B: '2' });
  assert.deepEqual(byId.three!.with, { run: 'echo two', args: ['x', 'y'] });
  assert.equal(parsed.pipeline.defaults.shell, 'bash');
});

test('(unit) hostile: the alias budget is an option, counted over the whole document', () => {
  const text = ['version: 1', 'x: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]', 'steps:'];
  for (let i = 0; i < 5; i++) text.push(`  s${i}: {type: shell, with: {run: x, args: *a}}`);
  const src = text.join('\n') + '\n';
  // Each alias adds 10 nodes: a budget of 35 lets three through and cuts the fourth.
  const parsed = parsePipeline(src, { maxAliasExpansion: 35 });
  const d = parsed.diagnostics.find((x) => x.code === 'alias-limit');
  assert.ok(d);
  assert.equal(src.slice(0, d.range.start).split('\n').length, 7, 'cut at the fourth alias (line 7)');
  assert.equal(d.data?.count, 2);
  assert.ok(!codes(src).includes('alias-limit'), 'the default budget allows them');
});

test('(unit) hostile: nesting beyond the limit is too-deep, located, before yaml recurses', () => {
  for (const [name, text] of [
    ['flow', deepFlow(200_000)],
    ['block', deepBlock(200_000)],
    ['indent', deepIndent(3000)],
  ] as const) {
    const parsed = parsePipeline(text);
    assert.deepEqual(parsed.diagnostics.map((d) => d.code), ['too-deep'], name);
    const d = parsed.diagnostics[0]!;
    assert.ok(d.range.start > 0 && d.range.end - d.range.start <= 80, `${name}: ${JSON.stringify(d.range)}`);
  }
  // Ordinary nesting (and brackets inside scripts) stays well below it.
  assert.ok(!codes(`${'version: 1\nsteps:\n  a:\n    type: shell\n    with:\n      run: |\n        if [ -f x ]; then echo "[[["; fi\n'}`).includes('too-deep'));
});

test('(unit) hostile: too many lines/items is too-large and too many steps is too-many-steps', () => {
  const big = parsePipeline(hugePipeline(100_000), { limits: { maxEntries: 1000 } });
  assert.deepEqual(big.diagnostics.map((d) => d.code), ['too-large']);
  const items = parsePipeline(`version: 1\nsteps:\n  a: {type: shell, with: {run: x, args: [${Array(5000).fill('x').join(',')}]}}\n`, { limits: { maxEntries: 1000 } });
  assert.deepEqual(items.diagnostics.map((d) => d.code), ['too-large'], 'flow items count too');

  const text = manySteps(60);
  const many = parsePipeline(text, { limits: { maxSteps: 50 } });
  const d = many.diagnostics.find((x) => x.code === 'too-many-steps');
  assert.ok(d);
  assert.equal(text.slice(d.range.start, d.range.end), 's50', 'at the first step over the limit');
  assert.ok(!codes(manySteps(60)).includes('too-many-steps'));
});

test('(unit) hostile: a wide mapping full of schema errors is mapped once, with a bounded list', () => {
  // Each error used to scan the mapping again: 50,000 bad values took minutes.
  const parsed = parsePipeline(wideBadEnv(50_000));
  const schema = parsed.diagnostics.filter((d) => d.code === 'schema');
  assert.equal(schema.length, 101, 'a hundred plus one that counts the rest');
  assert.match(schema[100]!.message, /^49,900 more problems/);
  assert.equal(parsed.text.slice(schema[0]!.range.start, schema[0]!.range.end), '[x]');
});

test('(unit) hostile: include lists read each file once and at most 50 files', () => {
  const reads: string[] = [];
  const readFile = (p: string): string => {
    reads.push(p);
    return 'templates:\n  t: {type: shell, with: {run: x}}\n';
  };
  const same = ['version: 1', 'include:', ...Array(1000).fill('  - shared.yaml'), 'steps:', '  a: {uses: t}', ''].join('\n');
  const parsed = parsePipeline(same, { file: '/ws/p.ansflow.yaml', readFile });
  assert.deepEqual(reads, ['/ws/shared.yaml']);
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code), []);
  reads.length = 0;
  const many = ['version: 1', 'include:', ...Array.from({ length: 60 }, (_, i) => `  - f${i}.yaml`), 'steps:', '  a: {uses: t}', ''].join('\n');
  const capped = parsePipeline(many, { file: '/ws/p.ansflow.yaml', readFile });
  assert.equal(reads.length, 50);
  const d = capped.diagnostics.find((x) => x.code === 'too-large');
  assert.ok(d);
  assert.equal(capped.text.slice(d.range.start, d.range.end), 'f50.yaml');
});

test('(unit) hostile: a 300-character step id is a schema error on the key', () => {
  const text = longId(300);
  const parsed = parsePipeline(text);
  const d = parsed.diagnostics.find((x) => x.code === 'schema');
  assert.ok(d, parsed.diagnostics.map((x) => x.message).join('\n'));
  assert.equal(text.slice(d.range.start, d.range.end), 'i'.repeat(300));
  assert.match(d.message, /longer than 100 characters/);
  assert.ok(!codes(longId(100)).includes('schema'));
});

test('(unit) hostile: messages quote at most ~80 characters of a bad token, and 1 MB of garbage stays small', () => {
  const junk = decodePipelineBytes(garbage(1024 * 1024)).text;
  const parsed = parsePipeline(junk);
  const total = parsed.diagnostics.reduce((n, d) => n + d.message.length, 0);
  assert.ok(total < 64 * 1024, `${total} characters of messages`);
  for (const d of parsed.diagnostics) {
    assert.ok(d.message.length <= 300, d.message.slice(0, 400));
    for (const m of d.message.matchAll(/"((?:[^"\\]|\\.)*)"/g)) assert.ok(m[1]!.length <= 80, m[0]);
  }
  const token = parsePipeline(longToken(1024 * 1024));
  for (const d of token.diagnostics) assert.ok(d.message.length <= 300);
});

test('(unit) hostile: readPipelineFile refuses folders, devices and oversized files, and locates bad UTF-8', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-hostile-'));
  try {
    const folder = readPipelineFile(dir);
    assert.ok('error' in folder && folder.code === 'not-a-file' && /folder/.test(folder.error));
    const dev = readPipelineFile('/dev/zero');
    assert.ok('error' in dev && dev.code === 'not-a-file');
    const big = join(dir, 'big.ansflow.yaml');
    writeFileSync(big, hugePipeline(4096));
    const refused = readPipelineFile(big, { maxBytes: 1024 });
    assert.ok('error' in refused && refused.code === 'too-large' && /1 KB/.test(refused.error));
    assert.ok('text' in readPipelineFile(big, { maxBytes: 8192 }));
    const missing = readPipelineFile(join(dir, 'nope.yaml'));
    assert.ok('error' in missing && missing.code === 'not-found');

    const { bytes, badByte } = invalidUtf8();
    const f = join(dir, 'bad.ansflow.yaml');
    writeFileSync(f, bytes);
    const read = readPipelineFile(f);
    assert.ok('text' in read);
    assert.deepEqual(read.diagnostics.map((d) => d.code), ['invalid-encoding']);
    const at = read.diagnostics[0]!.range.start;
    // The offset is in characters: `é` before it is 2 bytes but 1 character.
    assert.equal(at, badByte - 1);
    assert.equal(read.text[at], '\uFFFD');
    assert.match(read.diagnostics[0]!.message, new RegExp(`byte ${badByte}\\b`));
    const bom = join(dir, 'bom.ansflow.yaml');
    writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('version: 1\n')]));
    const withBom = readPipelineFile(bom);
    assert.ok('text' in withBom && withBom.diagnostics.length === 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('(unit) hostile: log file names stay short whatever the step key', () => {
  for (const key of ['i'.repeat(300), `build[v=${'v'.repeat(300)}]`, 'é'.repeat(200)]) {
    const name = logFileName(key);
    assert.ok(Buffer.byteLength(name) <= 120, name);
    assert.notEqual(logFileName(key), logFileName(`${key}x`), 'distinct keys keep distinct names');
  }
  assert.equal(logFileName('build'), 'build.log', 'ordinary ids keep their names');
});

test('(unit) hostile: editor features over alias bombs and refused texts finish and keep alias-limit', () => {
  const nav = new SchemaNavigator(loadSchema() as SchemaNode);
  for (const text of [aliasBomb(9), mergeBomb(9), cyclicAlias(), deepFlow(200_000), longToken(100_000)]) {
    const analysis = analyzePipeline(parsePipeline, text, { file: '/ws/p.ansflow.yaml' });
    documentSymbols(analysis);
    foldingRanges(analysis);
    codeLenses(analysis);
    documentLinks(analysis);
    for (const at of [0, Math.floor(text.length / 2), text.lastIndexOf('*'), text.length - 2]) {
      if (at < 0) continue;
      hover(analysis, nav, at);
      selectionRanges(analysis, at);
    }
    const diags = pipelineDiagnostics(analysis);
    if (text.includes('*')) assert.ok(diags.some((d) => d.code === 'alias-limit'), 'the editor shows alias-limit too');
  }
});
