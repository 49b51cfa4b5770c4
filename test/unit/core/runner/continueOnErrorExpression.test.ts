import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePipeline } from '../../../../src/core/pipeline/index.js';
import { RunHistory, RunStore, runPipeline } from '../../../../src/core/runner/index.js';
import type { RunOptions } from '../../../../src/core/runner/runTypes.js';

async function run(yaml: string, opts: RunOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-coe-'));
  const store = new RunStore({ root: join(dir, '.ansflow', 'runs'), maxRuns: 5 });
  const parsed = parsePipeline(yaml, { file: join(dir, 'p.ansflow.yaml') });
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
  const summary = await runPipeline(parsed, { workspace: dir, store, logBatchMs: 5, killGraceMs: 500, ...opts }).done;
  const stored = new RunHistory(store).getRun(summary.runId)!;
  const record = (k: string) => stored.steps.find((s) => s.step === k);
  return { summary, record };
}

const MATRIX = (experimental: string) => `version: 1
steps:
  fuzz:
    type: shell
    matrix:
      failFast: false
      experimental: [${experimental}]
    continueOnError: \${{ matrix.experimental }}
    with: { run: exit 3 }
`;

test('(unit) continueOnError expression: the experimental matrix instance fails without failing the run', async () => {
  const { summary, record } = await run(MATRIX('true'));
  assert.equal(summary.status, 'success');
  const fuzz = record('fuzz[experimental=true]')!;
  assert.deepEqual([fuzz.status, fuzz.outcome, fuzz.conclusion], ['failed', 'failure', 'success']);
  // The run's summary maps the same way as the stored record.
  assert.equal(summary.steps.find((x) => x.step === 'fuzz[experimental=true]')?.conclusion, 'success');
});

test('(unit) continueOnError expression: the non-experimental instance of the same matrix fails the run', async () => {
  const { summary, record } = await run(MATRIX('false, true'));
  assert.equal(summary.status, 'failed');
  const stable = record('fuzz[experimental=false]')!;
  assert.deepEqual([stable.status, stable.outcome, stable.conclusion], ['failed', 'failure', 'failure']);
  const experimental = record('fuzz[experimental=true]')!;
  assert.deepEqual([experimental.status, experimental.outcome, experimental.conclusion], ['failed', 'failure', 'success']);
});

const PARAMS = `version: 1
params:
  tolerate: { type: boolean, default: false }
steps:
  lint:
    type: shell
    continueOnError: \${{ params.tolerate }}
    with: { run: exit 2 }
  after:
    type: shell
    needs: lint
    if: always()
    with: { run: 'echo \${{ steps.lint.outcome }}/\${{ steps.lint.conclusion }}' }
`;

test('(unit) continueOnError expression: driven by a param, per run', async () => {
  const off = await run(PARAMS);
  assert.equal(off.summary.status, 'failed');
  assert.equal(off.record('lint')!.conclusion, 'failure');
  const on = await run(PARAMS, { params: { tolerate: true } });
  assert.equal(on.summary.status, 'success');
  assert.deepEqual([on.record('lint')!.outcome, on.record('lint')!.conclusion], ['failure', 'success']);
});

test('(unit) continueOnError expression: reads an output of a needed step', async () => {
  const { summary, record } = await run(`version: 1
steps:
  probe:
    type: shell
    outputs: { flaky: whether the suite is known to be flaky }
    with: { run: echo flaky=yes >> "$ANSFLOW_OUTPUT" }
  suite:
    type: shell
    needs: probe
    continueOnError: \${{ steps.probe.outputs.flaky == 'yes' }}
    with: { run: exit 1 }
`);
  assert.equal(summary.status, 'success');
  assert.deepEqual([record('suite')!.outcome, record('suite')!.conclusion], ['failure', 'success']);
});

test('(unit) continueOnError expression: an evaluation error fails the instance with a one-line reason', async () => {
  const { summary, record } = await run(`version: 1
steps:
  bad: { type: shell, continueOnError: "\${{ fromJSON('{') }}", with: { run: exit 0 } }
`);
  assert.equal(summary.status, 'failed');
  const bad = record('bad')!;
  assert.equal(bad.status, 'failed');
  assert.match(bad.reason ?? '', /^cannot evaluate continueOnError: [^\n]+$/);
});

test('(unit) continueOnError expression: kept on the step with its range; a literal stays a boolean', () => {
  const text = `version: 1
steps:
  a:
    type: shell
    matrix: { experimental: [true] }
    continueOnError: \${{ matrix.experimental }}
    with: { run: x }
  b: { type: shell, continueOnError: true, with: { run: x } }
`;
  const { pipeline } = parsePipeline(text, { file: '/w/p.ansflow.yaml' });
  const [a, b] = pipeline!.steps;
  assert.equal(a!.continueOnError, false);
  assert.equal(a!.continueOnErrorExpr?.value, '${{ matrix.experimental }}');
  assert.equal(text.slice(a!.continueOnErrorExpr!.range.start, a!.continueOnErrorExpr!.range.end), '${{ matrix.experimental }}');
  assert.equal(b!.continueOnError, true);
  assert.equal(b!.continueOnErrorExpr, undefined);
});

test('(unit) continueOnError expression: the validator reports an unknown context in it, located on the value', () => {
  const text = `version: 1
steps:
  a:
    type: shell
    continueOnError: \${{ nosuch.flag }}
    with: { run: x }
`;
  const { diagnostics } = parsePipeline(text, { file: '/w/p.ansflow.yaml' });
  const d = diagnostics.find((x) => x.severity === 'error' && /nosuch/.test(x.message));
  assert.ok(d, JSON.stringify(diagnostics));
  assert.ok(d.range.start >= text.indexOf('${{ nosuch') && d.range.end <= text.indexOf('flag }}') + 7);
});
