// Every shipped example parses with zero diagnostics, and every file it references exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildGraph, loadSchema, parsePipeline } from '../../../../src/core/pipeline/index.js';
import { validatorSource } from '../../../../src/core/pipeline/schema/validatorSource.js';

const DIR = resolve(__dirname, '../../../../examples');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.ansflow.yaml')).sort();

test('(unit) examples: at least six pipelines ship', () => {
  assert.ok(FILES.length >= 6, FILES.join(', '));
});

for (const f of FILES) {
  test(`(unit) examples: ${f} round-trips with zero diagnostics and an acyclic graph`, () => {
    const abs = join(DIR, f);
    const parsed = parsePipeline(readFileSync(abs, 'utf8'), { file: abs });
    assert.deepEqual(parsed.diagnostics.map((d) => `${d.code}: ${d.message}`), []);
    assert.ok(parsed.pipeline.steps.length >= 3);
    const g = buildGraph(parsed.pipeline);
    assert.deepEqual(g.cycles, []);
    assert.equal(g.layers.flat().length, parsed.pipeline.steps.length + parsed.pipeline.finally.length);
    // Local files named in `with` exist (paths with expressions or globs are skipped).
    for (const step of [...parsed.pipeline.steps, ...parsed.pipeline.finally]) {
      for (const key of ['file', 'playbook', 'inventory', 'chart', 'context', 'manifests', 'path', 'src']) {
        const v = step.with[key];
        for (const p of Array.isArray(v) ? v : v === undefined ? [] : [v]) {
          if (typeof p !== 'string' || p.includes('${{') || p.includes('*') || /^[a-z]+:\/\//.test(p)) continue;
          if (p.startsWith('out/')) continue; // produced by an earlier step
          assert.ok(existsSync(join(DIR, step.workingDirectory ?? '', p)), `${f}: ${step.id}.with.${key} → ${p} exists`);
        }
      }
    }
  });
}

test('(unit) docs: every YAML example in docs/pipeline-format.md is valid', () => {
  const doc = readFileSync(resolve(__dirname, '../../../../docs/pipeline-format.md'), 'utf8');
  const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
  assert.ok(blocks.length >= 25, `${blocks.length} blocks`);
  for (const block of blocks) {
    // Fragments (params, secrets, one step) are checked inside a minimal pipeline.
    const text = block.startsWith('version: 1') ? block : block.startsWith('steps:') || block.startsWith('include:') ? `version: 1\n${block}` : `version: 1\n${block}steps:\n  x: { type: shell, with: { run: x } }\n`;
    const files = { [resolve('/docs/shared/templates.yaml')]: 'templates: {}\n' };
    const parsed = parsePipeline(text, { file: '/docs/p.ansflow.yaml', readFile: (p) => files[p] });
    // Snippets may name params, steps or secrets defined elsewhere; structure must be right. The
    // placeholder example warns by design.
    const structural = parsed.diagnostics.filter((d) => !['unknown-reference', 'missing-need', 'placeholder-step'].includes(d.code));
    assert.deepEqual(structural.map((d) => `${d.code}: ${d.message}`), [], block);
  }
});

test('(unit) schema: the precompiled validator is generated from the current schema', () => {
  // Regenerate with: npm run generate:validator
  const committed = readFileSync(resolve(__dirname, '../../../../src/core/pipeline/schema/pipelineValidator.generated.js'), 'utf8');
  assert.ok(committed === validatorSource(), 'pipelineValidator.generated.js is stale: run npm run generate:validator');
});

test('(unit) schema: every property has a description (hover and completion text) and enums list their values', () => {
  const schema = loadSchema() as { definitions: Record<string, { description?: string }> };
  const missing: string[] = [];
  const walk = (n: unknown, path: string): void => {
    if (!n || typeof n !== 'object') return;
    const node = n as Record<string, unknown>;
    for (const [k, v] of Object.entries((node.properties as Record<string, Record<string, unknown>>) ?? {})) {
      const ref = typeof v.$ref === 'string' ? schema.definitions[v.$ref.split('/').pop()!] : undefined;
      if (!v.description && !ref?.description) missing.push(`${path}.${k}`);
      if (Array.isArray(v.enum) && v.enum.length === 0) missing.push(`${path}.${k} (empty enum)`);
      walk(v, `${path}.${k}`);
    }
    for (const key of ['items', 'additionalProperties', 'then']) walk(node[key], `${path}/${key}`);
    for (const key of ['allOf', 'anyOf']) if (Array.isArray(node[key])) (node[key] as unknown[]).forEach((x, i) => walk((x as Record<string, unknown>).then ?? x, `${path}/${key}${i}`));
  };
  walk(schema, '');
  for (const [name, def] of Object.entries(schema.definitions)) walk(def, `#${name}`);
  assert.deepEqual(missing, []);
});
