import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { scanRenderedChart } from '../../../../src/core/scan/scanChart.js';

// `helm template` prints each document after `---` with a `# Source: <chart>/templates/<file>` comment.
const TEMPLATE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  type: {{ .Values.serviceType }}\n  ports: [{ port: 80 }]\n';
const RENDERED = '---\n# Source: api/templates/service.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: scan\nspec:\n  type: NodePort\n  ports: [{ port: 80 }]\n';

test('scan chart: findings in rendered output point at the template line (same key when the text differs)', () => {
  const chart = '/charts/api';
  const f = scanRenderedChart(chart, RENDERED, undefined, (p) => (p === join(chart, 'templates', 'service.yaml') ? TEMPLATE : undefined));
  assert.deepEqual(f.map((x) => [x.file, x.line, x.column, x.rule]), [[join(chart, 'templates', 'service.yaml'), 6, 3, 'service-type-nodeport']]);
  assert.equal(f[0]!.quickFix, undefined);
});
