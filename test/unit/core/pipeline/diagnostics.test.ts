// One case per diagnostic code: the code and the exact range (shown as line:col) must match.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePipeline } from '../../../../src/core/pipeline/index.js';
import type { DiagnosticCode } from '../../../../src/core/contracts/diagnostics.js';
import { marked, where } from './markers.js';

interface Case {
  name: string;
  code: DiagnosticCode;
  text: string;
  severity?: 'error' | 'warning';
  data?: Record<string, unknown>;
  files?: Record<string, string>;
}

const CASES: Case[] = [
  { name: 'yaml syntax error at its position', code: 'yaml-syntax', text: 'version: 1\nsteps:\n  a:\n    type: shell\n    with: { run: x «]»\n' },
  { name: 'duplicate key inside with', code: 'yaml-syntax', text: 'version: 1\nsteps:\n  a:\n    type: shell\n    with:\n      run: x\n      «run»: y\n' },
  { name: 'second YAML document', code: 'multi-document', text: 'version: 1\nsteps:\n  a: { type: shell, with: { run: x } }\n«---»\nversion: 1\n' },
  { name: 'schema: wrong type on the value node', code: 'schema', text: 'version: 1\nconcurrency: «lots»\nsteps:\n  a: { type: shell, with: { run: x } }\n' },
  { name: 'schema: bad enum inside with', code: 'schema', text: 'version: 1\nsteps:\n  a:\n    type: file\n    with:\n      action: «shred»\n      src: x\n' },
  { name: 'schema: missing required with property at the with key', code: 'schema', text: 'version: 1\nsteps:\n  a:\n    type: docker.run\n    «with»:\n      detach: true\n', data: { property: 'image' } },
  { name: 'schema: unknown top-level key', code: 'schema', text: 'version: 1\n«stepz»: {}\nsteps:\n  a: { type: shell, with: { run: x } }\n' },
  { name: 'schema: boolean field with a non-expression string', code: 'schema', text: 'version: 1\nsteps:\n  a:\n    type: helm.upgrade\n    with:\n      release: web\n      chart: ./c\n      atomic: «maybe»\n' },
  { name: 'schema: bad duration', code: 'schema', text: 'version: 1\nsteps:\n  a:\n    type: shell\n    timeout: «ten minutes»\n    with: { run: x }\n' },
  { name: 'schema: bad step id', code: 'schema', text: 'version: 1\nsteps:\n  «bad id!»:\n    type: shell\n    with: { run: x }\n' },
  { name: 'schema: step without type or uses', code: 'schema', text: 'version: 1\nsteps:\n  «a»:\n    name: nothing\n' },
  { name: 'schema: choice default not among values', code: 'schema', text: 'version: 1\nparams:\n  «env»: { type: choice, values: [a, b], default: c }\nsteps:\n  a: { type: shell, with: { run: x } }\n', data: { param: 'env' } },
  { name: 'schema: a uses step misses a parameter its template type requires', code: 'schema', text: 'version: 1\ntemplates:\n  deploy: { type: helm.upgrade, with: { chart: ./c } }\nsteps:\n  a:\n    uses: «deploy»\n', data: { property: 'release' } },
  { name: 'schema: a uses step overrides a parameter with a bad value', code: 'schema', text: 'version: 1\ntemplates:\n  deploy: { type: helm.upgrade, with: { chart: ./c, release: web } }\nsteps:\n  a:\n    uses: deploy\n    with:\n      atomic: «[1]»\n' },
  { name: 'unknown step type with suggestion', code: 'unknown-step-type', text: 'version: 1\nsteps:\n  a:\n    type: «helm.upgrde»\n', data: { suggestion: 'helm.upgrade' } },
  { name: 'unknown parameter with suggestion', code: 'unknown-parameter', text: 'version: 1\nsteps:\n  a:\n    type: docker.build\n    with:\n      «dockerfle»: Dockerfile\n', data: { suggestion: 'dockerfile' } },
  { name: 'unknown parameter in a uses step (template type)', code: 'unknown-parameter', text: 'version: 1\ntemplates:\n  t: { type: shell, with: { run: x } }\nsteps:\n  a:\n    uses: t\n    with:\n      «shel»: bash\n', data: { suggestion: 'shell' } },
  { name: 'unknown parameter inside a template', code: 'unknown-parameter', text: 'version: 1\ntemplates:\n  t:\n    type: helm.upgrade\n    with:\n      «relase»: web\nsteps:\n  a: { type: shell, with: { run: x } }\n', data: { suggestion: 'release' } },
  { name: 'unknown step type inside a template', code: 'unknown-step-type', text: 'version: 1\ntemplates:\n  t:\n    type: «docker.biuld»\nsteps:\n  a: { type: shell, with: { run: x } }\n', data: { suggestion: 'docker.build' } },
  { name: 'duplicate step id across steps and finally', code: 'duplicate-id', text: 'version: 1\nsteps:\n  a: { type: shell, with: { run: x } }\nfinally:\n  «a»: { type: shell, with: { run: y } }\n' },
  { name: 'duplicate step id in steps', code: 'duplicate-id', text: 'version: 1\nsteps:\n  build: { type: shell, with: { run: x } }\n  «build»: { type: shell, with: { run: y } }\n' },
  { name: 'unknown need with suggestion', code: 'unknown-need', text: 'version: 1\nsteps:\n  build: { type: shell, with: { run: x } }\n  test:\n    type: shell\n    needs: [«biuld»]\n    with: { run: y }\n', data: { suggestion: 'build' } },
  { name: 'cycle reported at the first edge', code: 'cycle', text: 'version: 1\nsteps:\n  a:\n    type: shell\n    needs: [«b»]\n    with: { run: x }\n  b:\n    type: shell\n    needs: [c]\n    with: { run: x }\n  c:\n    type: shell\n    needs: a\n    with: { run: x }\n', data: { cycle: ['a', 'b', 'c'] } },
  { name: 'self need is a cycle', code: 'cycle', text: 'version: 1\nsteps:\n  a:\n    type: shell\n    needs: «a»\n    with: { run: x }\n' },
  { name: 'expression syntax error inside the string', code: 'expression-syntax', text: 'version: 1\nsteps:\n  a:\n    type: shell\n    with:\n      run: echo ${{ params.x «=» 1 }}\nparams:\n  x: 1\n' },
  { name: 'unterminated expression', code: 'expression-syntax', text: 'version: 1\nsteps:\n  a:\n    type: shell\n    with:\n      run: echo «${{ params.x»\nparams:\n  x: 1\n' },
  { name: 'bare if with a syntax error', code: 'expression-syntax', text: 'version: 1\nsteps:\n  a:\n    type: shell\n    if: success() «)»\n    with: { run: x }\n' },
  { name: 'unknown function', code: 'expression-syntax', text: 'version: 1\nsteps:\n  a:\n    type: shell\n    if: ${{ «sucess»() }}\n    with: { run: x }\n' },
  { name: 'unknown param', code: 'unknown-reference', text: 'version: 1\nparams:\n  env: prod\nsteps:\n  a:\n    type: shell\n    with:\n      run: echo ${{ params.«evn» }}\n', data: { suggestion: 'env' } },
  { name: 'unknown secret', code: 'unknown-reference', text: 'version: 1\nsteps:\n  a:\n    type: shell\n    with:\n      run: echo ${{ secrets.«TOKEN» }}\n' },
  { name: 'unknown step in expression', code: 'unknown-reference', text: 'version: 1\nsteps:\n  a:\n    type: shell\n    with:\n      run: echo ${{ steps.«nope».outputs.x }}\n' },
  { name: 'undeclared output', code: 'unknown-reference', text: 'version: 1\nsteps:\n  a:\n    type: shell\n    with: { run: x }\n    outputs:\n      tag: the tag\n  b:\n    type: shell\n    needs: a\n    with:\n      run: echo ${{ steps.a.outputs.«tga» }}\n', data: { suggestion: 'tag' } },
  { name: 'matrix key not in the matrix', code: 'unknown-reference', text: 'version: 1\nsteps:\n  a:\n    type: shell\n    matrix:\n      os: [x, y]\n    with:\n      run: echo ${{ matrix.«so» }}\n', data: { suggestion: 'os' } },
  { name: 'matrix in a step without a matrix', code: 'unknown-reference', text: 'version: 1\nsteps:\n  a:\n    type: shell\n    with:\n      run: echo ${{ matrix.«os» }}\n' },
  { name: 'unknown context root', code: 'unknown-reference', text: 'version: 1\nsteps:\n  a:\n    type: shell\n    with:\n      run: echo ${{ «parms».x }}\n', data: { suggestion: 'params' } },
  { name: 'output read without needs', code: 'missing-need', text: 'version: 1\nsteps:\n  a:\n    type: shell\n    with: { run: x }\n  b:\n    type: shell\n    with:\n      run: echo ${{ «steps.a.outputs.tag» }}\n', data: { need: 'a' } },
  { name: 'status read without needs is a warning', code: 'missing-need', severity: 'warning', text: 'version: 1\nsteps:\n  a:\n    type: shell\n    with: { run: x }\n  b:\n    type: shell\n    if: «steps.a.status» == \'success\'\n    with: { run: y }\n' },
  { name: 'unknown template with suggestion', code: 'unknown-template', text: 'version: 1\ntemplates:\n  deploy: { type: shell, with: { run: x } }\nsteps:\n  a:\n    uses: «deplyo»\n', data: { suggestion: 'deploy' } },
  { name: 'include not found', code: 'include-not-found', text: 'version: 1\ninclude:\n  - «shared/missing.yaml»\nsteps:\n  a: { type: shell, with: { run: x } }\n', files: {} },
  { name: 'normal step needing a finally step', code: 'finally-misuse', text: 'version: 1\nsteps:\n  a:\n    type: shell\n    needs: [«cleanup»]\n    with: { run: x }\nfinally:\n  cleanup: { type: shell, with: { run: y } }\n' },
  { name: 'finally step needing a normal step (warning)', code: 'finally-misuse', severity: 'warning', text: 'version: 1\nsteps:\n  a: { type: shell, with: { run: x } }\nfinally:\n  cleanup:\n    type: shell\n    needs: «a»\n    with: { run: y }\n' },
];

for (const c of CASES) {
  test(`(unit) diagnostics: ${c.code} — ${c.name}`, () => {
    const { text, start, end } = marked(c.text);
    const files = c.files;
    const parsed = parsePipeline(text, { file: '/ws/p.ansflow.yaml', ...(files ? { readFile: (p: string) => files[p] } : {}) });
    const hits = parsed.diagnostics.filter((d) => d.code === c.code);
    const summary = parsed.diagnostics.map((d) => `${d.code}@${where(text, d.range.start, d.range.end)}: ${d.message}`).join('\n');
    const hit = hits.find((d) => d.range.start === start && d.range.end === end);
    assert.ok(hit, `expected ${c.code} at ${where(text, start, end)}; got:\n${summary}`);
    assert.equal(hit.severity, c.severity ?? 'error');
    for (const [k, v] of Object.entries(c.data ?? {})) assert.deepEqual(hit.data?.[k], v, `data.${k}`);
  });
}

test('(unit) diagnostics: a cycle lists the whole ring and relates every edge', () => {
  const { text } = marked(CASES.find((c) => c.name === 'cycle reported at the first edge')!.text);
  const d = parsePipeline(text).diagnostics.filter((x) => x.code === 'cycle');
  assert.equal(d.length, 1, 'each cycle once');
  assert.match(d[0]!.message, /a → b → c → a/);
  assert.deepEqual(d[0]!.related!.map((r) => text.slice(r.range.start, r.range.end)), ['b', 'c', 'a']);
});

test('(unit) diagnostics: duplicate id relates the first definition', () => {
  const { text } = marked(CASES.find((c) => c.name === 'duplicate step id in steps')!.text);
  const d = parsePipeline(text).diagnostics.find((x) => x.code === 'duplicate-id')!;
  assert.equal(d.related?.[0]?.range.start, text.indexOf('build'));
});

test('(unit) diagnostics: a valid pipeline has none', () => {
  const text = 'version: 1\nparams:\n  env: { type: choice, values: [a, b], default: a }\nsteps:\n  a:\n    type: shell\n    with: { run: echo }\n    outputs: { tag: t }\n  b:\n    type: shell\n    needs: [a]\n    if: ${{ params.env == \'a\' }}\n    with:\n      run: echo ${{ steps.a.outputs.tag }}\n';
  assert.deepEqual(parsePipeline(text).diagnostics, []);
});

test('a schema type message names the type with its article (an integer, a mapping)', () => {
  const r = parsePipeline('version: 1\nsteps:\n  a:\n    type: shell\n    retry: { max: x }\n    with: { run: x }\n');
  assert.deepEqual(r.diagnostics.map((d) => d.message), ['must be an integer']);
});
