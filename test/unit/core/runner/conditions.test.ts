import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePipeline } from '../../../../src/core/pipeline/index.js';
import { EnvFileSecretProvider, runPipeline } from '../../../../src/core/runner/index.js';
import type { Approver } from '../../../../src/core/runner/approvals/Approver.js';
import type { RunEvent } from '../../../../src/core/contracts/events.js';
import type { RunOptions } from '../../../../src/core/runner/runTypes.js';

async function run(yaml: string, opts: RunOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-cond-'));
  const parsed = parsePipeline(yaml, { file: join(dir, 'p.ansflow.yaml') });
  const h = runPipeline(parsed, { workspace: dir, logBatchMs: 5, killGraceMs: 500, ...opts });
  const events: RunEvent[] = [];
  h.onEvent((e) => events.push(e));
  const summary = await h.done;
  const status = (k: string) => summary.steps.find((s) => s.step === k)?.status;
  const logs = (k: string) => events.filter((e) => e.type === 'step-log' && e.step === k).map((e) => (e as { text: string }).text).join('');
  return { summary, events, status, logs };
}

test('(unit) conditions: an if without a status function does not run after a failed need (implicit success())', async () => {
  const { status, summary } = await run(`version: 1
params:
  deploy: { type: string, default: 'yes' }
steps:
  build: { type: shell, with: { run: exit 1 } }
  deploy: { type: shell, needs: build, if: "params.deploy == 'yes'", with: { run: echo deployed } }
  notice: { type: shell, needs: build, if: "failure() && params.deploy == 'yes'", with: { run: echo notice } }
`);
  assert.equal(status('build'), 'failed');
  assert.equal(status('deploy'), 'skipped');
  assert.match(summary.steps.find((s) => s.step === 'deploy')!.reason!, /dependency failed/);
  assert.equal(status('notice'), 'success');
});

test('(unit) conditions: a skipped need makes success() false, also under a ${{ }} condition', async () => {
  const { status } = await run(`version: 1
steps:
  gate: { type: shell, if: "false", with: { run: echo gate } }
  next: { type: shell, needs: gate, if: "\${{ true }}", with: { run: echo next } }
  explicit: { type: shell, needs: gate, if: "success()", with: { run: echo explicit } }
  anyway: { type: shell, needs: gate, if: "always() && true", with: { run: echo anyway } }
`);
  assert.equal(status('gate'), 'skipped');
  assert.equal(status('next'), 'skipped');
  assert.equal(status('explicit'), 'skipped');
  assert.equal(status('anyway'), 'success');
});

test('(unit) conditions: matrix instances and template steps get the implicit success() too', async () => {
  const { summary } = await run(`version: 1
templates:
  ship: { type: shell, if: "true", with: { run: echo shipped } }
steps:
  build: { type: shell, with: { run: exit 1 } }
  per-os:
    type: shell
    needs: build
    if: "matrix.os != ''"
    matrix: { os: [debian, alpine] }
    with: { run: "echo \${{ matrix.os }}" }
  shipped: { uses: ship, needs: build }
`);
  const others = summary.steps.filter((s) => s.step !== 'build');
  assert.equal(others.length, 3);
  for (const s of others) assert.equal(s.status, 'skipped', `${s.step} ran after a failed need`);
});

test("(unit) conditions: a finally alert with if: pipeline.status == 'failure' fires; expressions see GitHub's values", async () => {
  const { status, logs, summary, events } = await run(`version: 1
steps:
  build: { type: shell, with: { run: exit 1 } }
  slow: { type: shell, timeout: 200ms, with: { run: sleep 5 } }
finally:
  alert: { type: shell, if: "pipeline.status == 'failure'", with: { run: "echo alert \${{ steps.build.status }} \${{ steps.slow.status }}" } }
  green: { type: shell, if: "pipeline.status == 'success'", with: { run: echo green } }
`);
  assert.equal(status('slow'), 'timed-out');
  assert.equal(status('alert'), 'success');
  assert.match(logs('alert'), /alert failure failure/);
  assert.equal(status('green'), 'skipped');
  assert.equal(summary.status, 'failed');
  assert.equal(summary.conclusion, 'failure');
  const end = events.find((e) => e.type === 'run-end');
  assert.equal(end?.type === 'run-end' && end.conclusion, 'failure');
});

test('(unit) conditions: under continueOnError a failing step has outcome failure and conclusion success', async () => {
  const { status, logs, summary, events } = await run(`version: 1
steps:
  lint: { type: shell, continueOnError: true, with: { run: exit 2 } }
  report:
    type: shell
    needs: lint
    if: "steps.lint.outcome == 'failure' && steps.lint.conclusion == 'success' && steps.lint.status == 'success'"
    with: { run: "echo \${{ steps.lint.outcome }}/\${{ steps.lint.conclusion }}" }
`);
  assert.equal(status('lint'), 'failed');
  assert.equal(status('report'), 'success');
  assert.match(logs('report'), /failure\/success/);
  const lint = summary.steps.find((s) => s.step === 'lint')!;
  assert.deepEqual([lint.outcome, lint.conclusion], ['failure', 'success']);
  const end = events.find((e) => e.type === 'step-end' && e.step === 'lint');
  assert.deepEqual(end?.type === 'step-end' && [end.outcome, end.conclusion], ['failure', 'success']);
});

test("(unit) conditions: a matrix step's outcome is failure when any instance failed", async () => {
  const { status, logs } = await run(`version: 1
steps:
  t:
    type: shell
    continueOnError: true
    matrix: { n: [0, 1, 0] }
    with: { run: "exit \${{ matrix.n }}" }
finally:
  show: { type: shell, with: { run: "echo t=\${{ steps.t.outcome }}/\${{ steps.t.conclusion }}" } }
`);
  assert.equal(status('show'), 'success');
  assert.match(logs('show'), /t=failure\/success/);
});

test('(unit) interpolation: the step approval message is evaluated and masked before it reaches the approver and events', async () => {
  const seen: string[] = [];
  const approver: Approver = {
    decide: async (req) => {
      seen.push(req.message);
      return { decision: 'approved', by: 'tester' };
    },
  };
  const { status, events } = await run(
    `version: 1
params:
  env: { type: string, default: staging }
secrets:
  TOK: { from: env, env: COND_TOK }
steps:
  deploy:
    type: shell
    approval: { message: "Deploy to \${{ params.env }} with \${{ secrets.TOK }}?" }
    with: { run: echo ok }
`,
    { approver, secrets: new EnvFileSecretProvider({ env: { COND_TOK: 'tok-secret-value-123' }, baseDir: tmpdir() }) },
  );
  assert.equal(status('deploy'), 'success');
  assert.deepEqual(seen, ['Deploy to staging with ***?']);
  const req = events.find((e) => e.type === 'approval-requested');
  assert.equal(req?.type === 'approval-requested' && req.message, 'Deploy to staging with ***?');
});

test('(unit) interpolation: matrix values and the step name are evaluated (masked where shown)', async () => {
  const { logs, events, summary } = await run(
    `version: 1
params:
  region: { type: string, default: eu-west }
secrets:
  TOK: { from: env, env: COND_TOK2 }
steps:
  ship:
    name: "Ship to \${{ params.region }} (\${{ secrets.TOK }})"
    type: shell
    matrix: { target: ["\${{ params.region }}-a", "\${{ fromJSON('2') }}"] }
    with: { run: 'echo "target=\${{ matrix.target }} env=$MATRIX_TARGET"' }
`,
    { secrets: new EnvFileSecretProvider({ env: { COND_TOK2: 'tok-secret-value-456' }, baseDir: tmpdir() }) },
  );
  assert.equal(summary.status, 'success');
  const keys = summary.steps.map((s) => s.step);
  const out = keys.map((k) => logs(k)).join('');
  assert.match(out, /target=eu-west-a env=eu-west-a/);
  assert.match(out, /target=2 env=2/);
  const queued = events.filter((e) => e.type === 'step-queued');
  assert.deepEqual(
    queued.map((e) => e.type === 'step-queued' && e.name),
    ['Ship to eu-west (***)', 'Ship to eu-west (***)'],
  );
  assert.deepEqual(
    queued.map((e) => e.type === 'step-queued' && e.matrix?.target),
    ['eu-west-a', 2],
  );
});

test('(unit) conditions: in finally, success() means the main steps succeeded (a skipped main step does not count against it)', async () => {
  const green = await run(`version: 1
steps:
  build: { type: shell, with: { run: 'true' } }
  optional: { type: shell, if: "false", with: { run: 'true' } }
finally:
  ok: { type: shell, if: "success()", with: { run: echo ok } }
  bad: { type: shell, if: "failure()", with: { run: echo bad } }
`);
  assert.deepEqual([green.status('optional'), green.status('ok'), green.status('bad')], ['skipped', 'success', 'skipped']);
  const red = await run(`version: 1
steps:
  build: { type: shell, with: { run: exit 1 } }
finally:
  ok: { type: shell, if: "success()", with: { run: echo ok } }
  bad: { type: shell, if: "failure()", with: { run: echo bad } }
`);
  assert.deepEqual([red.status('ok'), red.status('bad')], ['skipped', 'success']);
});
