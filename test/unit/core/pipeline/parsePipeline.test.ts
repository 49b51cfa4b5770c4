import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePipeline, type ExpressionOccurrence } from '../../../../src/core/pipeline/index.js';

const slice = (text: string, r: { start: number; end: number }) => text.slice(r.start, r.end);

test('(unit) parsePipeline: fills the model with ranges', () => {
  const text = `version: 1
name: demo
params:
  env:
    type: choice
    values: [staging, prod]
    default: staging
    required: true
  replicas: 2
secrets:
  TOKEN: { from: env, env: MY_TOKEN }
  KEY: { from: file, path: key.txt }
  PASS:
concurrency: 3
defaults:
  shell: bash
  timeout: 10m
  retry: 2
steps:
  build:
    name: Build it
    type: docker.build
    with:
      context: .
      tags: [latest]
    outputs:
      tag: the tag
    timeout: 90s
    retry: { max: 3, backoff: 2s, exponential: true, onExitCodes: [75] }
    executor: { kind: container, image: node:20 }
    approval: { message: go?, approvers: [ops], timeout: 5m }
    upToDate: { sources: [src/**], generates: [dist/**] }
    artifacts: [dist/app.js]
    continueOnError: true
  test:
    type: shell
    needs: build
    if: success() && params.env == 'prod'
    env: { CI: true, N: 1 }
    matrix:
      os: [a, b]
      maxParallel: 1
      failFast: false
    with:
      run: echo \${{ steps.build.outputs.tag }} \${{ matrix.os }}
finally:
  cleanup:
    type: shell
    with: { run: rm -rf tmp }
`;
  const { pipeline: p, diagnostics } = parsePipeline(text, { file: '/ws/demo.ansflow.yaml' });
  assert.deepEqual(diagnostics, []);
  assert.equal(p.version, 1);
  assert.equal(p.name, 'demo');
  assert.equal(p.file, '/ws/demo.ansflow.yaml');
  assert.equal(p.concurrency, 3);
  assert.deepEqual(p.defaults, { shell: 'bash', timeoutMs: 600_000, retry: { max: 2, backoffMs: 1000, exponential: false, onExitCodes: [] } });
  assert.deepEqual(p.params.map((x) => [x.name, x.type, x.default, x.required, x.values]), [
    ['env', 'choice', 'staging', true, ['staging', 'prod']],
    ['replicas', 'number', 2, false, undefined],
  ]);
  assert.equal(slice(text, p.params[0]!.nameRange), 'env');
  assert.deepEqual(p.secrets.map((s) => s.source), [{ kind: 'env', variable: 'MY_TOKEN' }, { kind: 'file', path: 'key.txt' }, { kind: 'secretStorage' }]);
  const [build, test] = p.steps;
  assert.equal(slice(text, build!.idRange), 'build');
  assert.ok(slice(text, build!.range).startsWith('build:\n    name: Build it'));
  assert.equal(build!.type, 'docker.build');
  assert.equal(slice(text, build!.typeRange!), 'docker.build');
  assert.deepEqual(build!.with, { context: '.', tags: ['latest'] });
  assert.equal(slice(text, build!.withKeyRanges.tags!), 'tags');
  assert.equal(slice(text, build!.withValueRanges.tags!), '[latest]');
  assert.deepEqual(build!.outputs, { tag: 'the tag' });
  assert.equal(build!.timeoutMs, 90_000);
  assert.deepEqual(build!.retry, { max: 3, backoffMs: 2000, exponential: true, onExitCodes: [75] });
  assert.deepEqual(build!.executor, { kind: 'container', image: 'node:20' });
  assert.deepEqual(build!.approval, { message: 'go?', approvers: ['ops'], timeoutMs: 300_000 });
  assert.deepEqual(build!.cache, { sources: ['src/**'], generates: ['dist/**'] });
  assert.deepEqual(build!.artifacts, ['dist/app.js']);
  assert.equal(build!.continueOnError, true);
  assert.deepEqual(test!.needs.map((n) => [n.value, slice(text, n.range)]), [['build', 'build']]);
  assert.equal(test!.if!.value, "success() && params.env == 'prod'");
  assert.deepEqual(test!.env, { CI: 'true', N: '1' });
  assert.deepEqual(test!.matrix!.axes, { os: ['a', 'b'] });
  assert.equal(test!.matrix!.maxParallel, 1);
  assert.equal(test!.matrix!.failFast, false);
  const exprs = test!.expressions.map((e) => [e.source.trim(), slice(text, e.range), e.path.join('.'), e.bare]);
  assert.deepEqual(exprs, [
    ['steps.build.outputs.tag', '${{ steps.build.outputs.tag }}', 'with.run', false],
    ['matrix.os', '${{ matrix.os }}', 'with.run', false],
    ["success() && params.env == 'prod'", "success() && params.env == 'prod'", 'if', true],
  ]);
  const ifOcc = test!.expressions[2]!;
  assert.equal(text.slice(ifOcc.sourceOffset, ifOcc.sourceOffset + 9), 'success()');
  assert.equal(p.finally[0]!.isFinally, true);
  assert.equal(slice(text, p.keyRanges!.steps!), 'steps');
});

test('(unit) parsePipeline: anchors, aliases and merge keys', () => {
  const text = `version: 1
steps:
  base: &base
    type: shell
    timeout: 1m
    with: &w { run: echo base, shell: sh }
  derived:
    <<: *base
    needs: [base]
    with:
      <<: *w
      run: echo derived
`;
  const { pipeline: p, diagnostics } = parsePipeline(text);
  assert.deepEqual(diagnostics, []);
  const d = p.steps[1]!;
  assert.equal(d.type, 'shell');
  assert.equal(d.timeoutMs, 60_000);
  assert.deepEqual(d.with, { run: 'echo derived', shell: 'sh' });
  assert.deepEqual(d.needs.map((n) => n.value), ['base']);
});

test('(unit) parsePipeline: an expression inside merged content is reported once, where the anchor is defined', () => {
  const text = `version: 1
steps:
  base: &base
    type: shell
    env: { A: "\${{ params.a }}" }
    with: { run: echo base }
  derived:
    <<: *base
    with:
      run: echo "\${{ params.b }}"
`;
  const { pipeline: p } = parsePipeline(text);
  const sources = (i: number) => p.steps[i]!.expressions.map((x) => x.source.trim());
  assert.deepEqual(sources(0), ['params.a']);
  assert.deepEqual(sources(1), ['params.b']);
});

test('(unit) parsePipeline: templates and includes are resolved with their origin', () => {
  const files: Record<string, string> = {
    '/ws/shared/t.yaml': 'templates:\n  deploy:\n    type: helm.upgrade\n    timeout: 5m\n    with: { atomic: true, chart: ./chart }\n',
  };
  const text = `version: 1
include: [shared/t.yaml]
templates:
  greet: { type: shell, with: { run: echo hi, shell: sh } }
steps:
  hello:
    uses: greet
    with: { run: echo hello }
  ship:
    uses: deploy
    with: { release: web }
`;
  const { pipeline: p, diagnostics } = parsePipeline(text, { file: '/ws/p.ansflow.yaml', readFile: (f) => files[f] });
  assert.deepEqual(diagnostics, []);
  const [hello, ship] = p.steps;
  assert.equal(hello!.type, 'shell');
  assert.deepEqual(hello!.with, { run: 'echo hello', shell: 'sh' });
  assert.equal(hello!.origin!.template, 'greet');
  assert.equal(hello!.origin!.file, undefined);
  assert.equal(text.slice(hello!.origin!.range.start, hello!.origin!.range.start + 5), 'greet');
  assert.equal(ship!.type, 'helm.upgrade');
  assert.deepEqual(ship!.with, { atomic: true, chart: './chart', release: 'web' });
  assert.equal(ship!.timeoutMs, 300_000);
  assert.equal(ship!.origin!.file, '/ws/shared/t.yaml');
  assert.deepEqual(p.includedFiles, ['/ws/shared/t.yaml']);
});

test('(unit) parsePipeline: multi-document, empty and non-map inputs never throw', () => {
  for (const text of ['', '   \n', '- a\n- b\n', 'just a string', 'version: 1\n---\nx: 1\n', '{', ': :', '\t\tsteps:', '&a [*a]', 'steps: *nope']) {
    const r = parsePipeline(text);
    assert.ok(r.diagnostics.length > 0, JSON.stringify(text));
    for (const d of r.diagnostics) assert.ok(d.range.start >= 0 && d.range.end <= text.length && d.range.start <= d.range.end, `${JSON.stringify(text)} ${d.code}`);
  }
  const multi = parsePipeline('version: 1\nsteps:\n  a: { type: shell, with: { run: x } }\n---\nb: 1\n');
  assert.deepEqual(multi.diagnostics.map((d) => d.code), ['multi-document']);
  assert.equal(multi.pipeline.steps.length, 1);
});

test('(unit) parsePipeline: expressions in quoted scalars keep document offsets', () => {
  const text = `version: 1
params: { x: 1 }
steps:
  a:
    type: shell
    with:
      run: "echo \\"\${{ params.x }}\\""
      shell: 'sh'
`;
  const { pipeline: p, diagnostics } = parsePipeline(text);
  assert.deepEqual(diagnostics, []);
  const e = p.steps[0]!.expressions[0]!;
  assert.equal(text.slice(e.range.start, e.range.end), '${{ params.x }}');
});

test('(unit) parsePipeline: finding expressions by text scan equals the full tree walk', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const { join, resolve } = await import('node:path');
  const { fastCompose } = await import('../../../../src/core/pipeline/parse/fastCompose.js');
  const { collectExpressions } = await import('../../../../src/core/pipeline/parse/collectExpressions.js');
  const dir = resolve(__dirname, '../../../../examples');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.ansflow.yaml'))) {
    const text = readFileSync(join(dir, f), 'utf8') + 'extra:\n  - "${{ a }} and ${{ b }}"\n  - { k: "${{ c }}" }\n';
    const doc = fastCompose(text)!;
    assert.ok(doc, f);
    const walked: ExpressionOccurrence[] = [];
    const scanned: ExpressionOccurrence[] = [];
    collectExpressions(doc, text, doc.contents, [], walked, new Set(['if']), true);
    collectExpressions(doc, text, doc.contents, [], scanned, new Set(['if']), false);
    assert.ok(walked.length > 0);
    assert.deepEqual(scanned, walked, f);
  }
});
