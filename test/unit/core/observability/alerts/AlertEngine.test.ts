import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPipeline } from '../../../../../src/core/runner/index.js';
import { AlertEngine, parseAlertRules, type Alert, type EndedRun } from '../../../../../src/core/observability/alerts/index.js';
import { pipeline, sh } from '../../runner/helpers/pipelines.js';

/** A run-end source fed by real runs of the runner (what the editor's RunService adapts). */
function runSource() {
  const listeners = new Set<(r: EndedRun) => void>();
  return {
    onRunEnded: (l: (r: EndedRun) => void) => (listeners.add(l), { dispose: () => listeners.delete(l) }),
    async run(script: string, earlierDurationsMs: number[] = []) {
      const h = runPipeline(pipeline([sh('only', script)]), { workspace: mkdtempSync(join(tmpdir(), 'ansflow-alerts-')), logBatchMs: 5 });
      h.onEvent((e) => {
        if (e.type === 'run-end') for (const l of listeners) l({ runId: e.runId, pipeline: 'p', status: e.status, durationMs: e.durationMs, earlierDurationsMs: () => earlierDurationsMs });
      });
      return h.done;
    },
    get listening() {
      return listeners.size;
    },
  };
}

test('(unit) alerts engine: a real failing run fires the run-failed rule once; a passing run does not', async () => {
  const src = runSource();
  const alerts: Alert[] = [];
  const { rules } = parseAlertRules([{ kind: 'runFailed' }, { kind: 'runFailed', enabled: false }]);
  const engine = new AlertEngine(rules, { onRunEnded: src.onRunEnded }, (a) => alerts.push(a));
  engine.start();
  assert.equal(src.listening, 1, 'only the enabled rule subscribes');
  await src.run('true');
  assert.equal(alerts.length, 0);
  const failed = await src.run('echo broken >&2; exit 3');
  assert.equal(failed.status, 'failed');
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0]!.ruleId, 'runFailed#0');
  assert.deepEqual(alerts[0]!.target, { type: 'run', runId: failed.runId, pipeline: 'p' });
  assert.match(alerts[0]!.message, /Run of p failed/);
  engine.mute(alerts[0]!, 3_600_000);
  await src.run('exit 4');
  assert.equal(alerts.length, 1, 'muting a run alert silences its pipeline, not only that run');
  engine.dispose();
  assert.equal(src.listening, 0, 'disposing ends the subscription');
  await src.run('exit 1');
  assert.equal(alerts.length, 1);
});

test('(unit) alerts engine: a muted rule object stays quiet; the run-slow rule compares with p95', async () => {
  const src = runSource();
  const alerts: Alert[] = [];
  const { rules } = parseAlertRules([{ kind: 'runSlow', minRuns: 3 }]);
  const engine = new AlertEngine(rules, { onRunEnded: src.onRunEnded }, (a) => alerts.push(a));
  engine.start();
  await src.run('true', [0, 0, 0]);
  assert.equal(alerts.length, 1, 'any real run takes longer than 0 ms');
  assert.match(alerts[0]!.message, /slower than its p95/);
  await src.run('true', [3_600_000, 3_600_000, 3_600_000]);
  assert.equal(alerts.length, 1, 'faster than the p95');
  engine.mute({ ruleId: 'runSlow#0', key: 'x' }, 3_600_000, true);
  await src.run('true', [0, 0, 0]);
  assert.equal(alerts.length, 1, 'the whole rule is muted');
  engine.dispose();
});
