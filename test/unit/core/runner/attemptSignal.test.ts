// Each attempt has an abort signal of its own, linked to the run's: step types and clients hang abort
// listeners on ctx.signal and some never take them off (a Kubernetes Job's watch, a rollout wait).
// On the run's own signal those would pile up over a long run and, past ten, Node warns of a leak.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StepType } from '../../../../src/core/contracts/StepType.js';
import { runPipeline } from '../../../../src/core/runner/index.js';
import { pipeline, step } from './helpers/pipelines.js';

test('(unit) listeners a step leaves on its signal do not pile up on the run: 15 such steps, no leak warning', async () => {
  const signals = new Set<AbortSignal>();
  const leaky: StepType = {
    type: 'leaky',
    async run(ctx) {
      signals.add(ctx.signal);
      ctx.signal.addEventListener('abort', () => {}, { once: true });
      return { exitCode: 0 };
    },
  };
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
  process.on('warning', onWarning);
  try {
    const steps = Array.from({ length: 15 }, (_, i) => step(`s${i}`, { type: 'leaky', ...(i ? { needs: [`s${i - 1}`] } : {}) }));
    const s = await runPipeline(pipeline(steps), { workspace: mkdtempSync(join(tmpdir(), 'ansflow-signal-')), stepTypes: new Map([['leaky', leaky]]) }).done;
    assert.equal(s.status, 'success', JSON.stringify(s.steps.map((x) => x.reason)));
    // Warnings are emitted on a later tick.
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('warning', onWarning);
  }
  assert.deepEqual(warnings.filter((w) => /MaxListeners/.test(w)), []);
  assert.equal(signals.size, 15, 'one signal per attempt');
});
