import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alertWebhookRequest, parseAlertRules } from '../../../../../src/core/observability/alerts/index.js';
import { rememberSecrets } from '../../../../../src/core/runner/masking/knownSecrets.js';

test('(unit) alerts: rules from the setting, with defaults and one problem line per bad entry', () => {
  const { rules, problems } = parseAlertRules([
    { kind: 'podRestarts', threshold: 2, window: '10m', namespace: 'web' },
    { kind: 'containerMemory', percent: 80, enabled: false },
    { kind: 'nope' },
    { kind: 'runSlow', window: 'soon' },
    { kind: 'runFailed', webhook: 'ftp://x' },
    { kind: 'helmFailed', webhook: 'https://hooks.example/1' },
  ]);
  assert.deepEqual(
    rules.map((r) => [r.id, r.enabled, r.threshold, r.percent, r.windowMs, r.namespace, r.webhook]),
    [
      ['podRestarts#0', true, 2, 90, 600_000, 'web', undefined],
      ['containerMemory#1', false, 3, 80, 3_600_000, undefined, undefined],
      ['helmFailed#5', true, 3, 90, 3_600_000, undefined, 'https://hooks.example/1'],
    ],
  );
  assert.equal(problems.length, 3);
  assert.match(problems[0]!, /rules\[2\]: kind must be one of/);
  assert.match(problems[1]!, /rules\[3\]: window/);
  assert.match(problems[2]!, /rules\[4\]: webhook/);
  assert.deepEqual(parseAlertRules('x').problems, ['ansflow.alerts.rules must be an array of rules']);
});

test('(unit) alerts: the webhook payload is built by the notify code and masked', () => {
  rememberSecrets(['hunter2-secret']);
  const req = alertWebhookRequest('https://hooks.example/a', { ruleId: 'runFailed#0', kind: 'runFailed', key: 'r1', muteKey: 'pipeline:deploy', message: 'Run of deploy-hunter2-secret failed', target: { type: 'run', runId: 'r1', pipeline: 'deploy' }, time: 0 });
  assert.equal(req.method, 'POST');
  assert.equal(req.headers['content-type'], 'application/json');
  const body = JSON.parse(req.body) as { message: string; event: string };
  assert.equal(body.event, 'alert');
  assert.doesNotMatch(req.body, /hunter2-secret/);
});
