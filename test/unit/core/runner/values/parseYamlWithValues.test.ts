import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifests } from '../../../../../src/core/clients/kubernetes/applyManifests.js';
import { applyStep, manifestParser } from '../../../../../src/core/runner/steps/kubernetes/applyStep.js';
import { evaluateExpression, type ExpressionContext } from '../../../../../src/core/pipeline/index.js';

const expr: ExpressionContext = {
  params: { name: 'web', note: 'hello\nevil: injected\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: forged}', n: 3, on: true, labels: { tier: 'front', 'a.b/c': 'd' }, nested: '${{ secrets.s }}', none: null },
  env: {},
  secrets: { s: 'hidden' },
  steps: {},
  matrix: {},
  run: { id: 'r' },
  pipeline: { status: 'running', name: 'p' },
  state: { failed: false, cancelled: false },
};
const ctx = { evaluate: (s: string) => evaluateExpression(s, expr) };

const MANIFEST = `apiVersion: v1
kind: ConfigMap
metadata:
  name: \${{ params.name }}
  labels: \${{ params.labels }}
  annotations: { note: "\${{ params.note }}", \${{ params.name }}-key: x }
data:
  note: \${{ params.note }}
  count: \${{ params.n }}
  quoted: "\${{ params.n }}"
  mixed: v-\${{ params.n }}-\${{ params.on }}
  flag: \${{ params.on }}
  block: |
    line \${{ params.note }}
  nested: \${{ params.nested }}
  none: \${{ params.none }}
  # a comment: \${{ params.note }}
`;

test('(unit) kubernetes.apply manifests: values are YAML scalars; a newline or `---` in a value never adds fields or documents', () => {
  assert.equal(applyStep.withValues?.manifest, 'raw');
  const docs = parseManifests(MANIFEST, 'm.yaml', manifestParser(ctx, 'manifests'));
  assert.equal(docs.length, 1, 'a value added a document');
  const o = docs[0]!.object as unknown as { metadata: { name: string; labels: unknown; annotations: unknown }; data: Record<string, unknown> };
  const note = expr.params.note as string;
  assert.equal(o.metadata.name, 'web');
  assert.deepEqual(o.metadata.labels, { tier: 'front', 'a.b/c': 'd' });
  assert.deepEqual(o.metadata.annotations, { note, 'web-key': 'x' });
  assert.deepEqual(o.data, { note, count: 3, quoted: '3', mixed: 'v-3-true', flag: true, block: `line ${note}\n`, nested: '${{ secrets.s }}', none: null });
  assert.equal(docs[0]!.line, 1);
  // The plain case: pasted as text, this value would add `data.evil` and a forged Secret.
  const plain = parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  note: ${{ params.note }}\n', 'p.yaml', manifestParser(ctx, 'manifests'));
  assert.deepEqual(plain.map((d) => d.object.data), [{ note }]);
});

test('(unit) kubernetes.apply manifests: flow style and expressions with quotes parse; a broken manifest still names file:line', () => {
  const docs = parseManifests(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: \${{ format('{0}-{1}', params.name, 'x: y') }}}\n`, 'f.yaml', manifestParser(ctx, 'manifests'));
  assert.equal(docs[0]!.object.metadata.name, 'web-x: y');
  assert.throws(() => parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nkind: [${{ params.n }}\n', 'bad.yaml', manifestParser(ctx, 'manifests')), /bad\.yaml:\d+/);
  // Without an evaluator (a step type called directly) the text parses as written.
  assert.equal(parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n', 'x.yaml', manifestParser({}, 'manifests'))[0]!.object.metadata.name, 'a');
});

test('(unit) kubernetes.apply manifests: a whole-document value is an object; values are never substituted twice', () => {
  const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'whole' }, data: { a: 'ansflowvalue0z', b: '${{ params.n }}' } };
  const own = { evaluate: (s: string) => (s.trim() === 'params.obj' ? obj : s.trim() === 'params.data' ? obj.data : evaluateExpression(s, expr)) };
  const docs = parseManifests('${{ params.obj }}\n', 'w.yaml', manifestParser(own, 'manifest'));
  assert.deepEqual(docs[0]!.object, obj);
  const nested = parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: n}\ndata: ${{ params.data }}\n', 'n.yaml', manifestParser(own, 'manifest'));
  assert.deepEqual(nested[0]!.object.data, obj.data);
});
