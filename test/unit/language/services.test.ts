// (unit) `services:` in the editor: completion of the key and a service's keys, hover, and
// schema diagnostics, against the real schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { complete, hover, SchemaNavigator } from '../../../src/language/index.js';
import { analyze } from './fixtures/analyze.js';
import { cursor, offsetOf } from './cursor.js';

const real = new SchemaNavigator(JSON.parse(readFileSync('schemas/pipeline.schema.json', 'utf8')));

test('(unit) services: completion offers the key on a step and the keys of a service; hover explains them', () => {
  const onStep = cursor(`version: 1
steps:
  t:
    type: shell
    serv|
`);
  assert.ok(complete(analyze(onStep.text), real, onStep.offset).some((c) => c.label === 'services'));
  const inService = cursor(`version: 1
steps:
  t:
    type: shell
    services:
      db:
        image: busybox
        |
    with: { run: echo }
`);
  const labels = complete(analyze(inService.text), real, inService.offset).map((c) => c.label);
  for (const k of ['command', 'env', 'ports', 'healthcheck', 'privileged', 'startTimeout']) assert.ok(labels.includes(k), `${k} in ${labels.join(', ')}`);
  const text = `version: 1
steps:
  t:
    type: shell
    services:
      db:
        image: busybox
        healthcheck: { cmd: "true", interval: 1s }
    with: { run: echo }
`;
  const a = analyze(text);
  assert.match(hover(a, real, offsetOf(text, 'services', 2))?.markdown ?? '', /ANSFLOW_SERVICE_<NAME>_HOST/);
  assert.match(hover(a, real, offsetOf(text, 'healthcheck', 2))?.markdown ?? '', /Readiness check/);
  assert.deepEqual(a.parsed.diagnostics.filter((d) => d.severity === 'error'), []);
});

test('(unit) services: a service without an image or with an unknown key is a schema error', () => {
  const a = analyze(`version: 1
steps:
  t:
    type: shell
    services:
      db:
        ports: [5432]
        volumes: [x]
    with: { run: echo }
`);
  const errors = a.parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
  assert.ok(errors.some((m) => /image/.test(m)), errors.join('\n'));
  assert.ok(errors.some((m) => /volumes/.test(m)), errors.join('\n'));
});

test('(unit) services: `services` is an expression context the validator accepts and completion offers', () => {
  const text = `version: 1
steps:
  t:
    type: shell
    env: { URL: "http://\${{ services.db.host }}:\${{ services.db.ports['5432'] }}" }
    services:
      db: { image: postgres:16, ports: [5432] }
    with: { run: "echo \${{ services.db.port }}" }
`;
  assert.deepEqual(analyze(text).parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  const c = cursor(`version: 1
steps:
  t:
    type: shell
    with: { run: "echo \${{ serv| }}" }
`);
  const labels = complete(analyze(c.text), real, c.offset).map((x) => x.label);
  assert.ok(labels.includes('services'), labels.join(', '));
});
