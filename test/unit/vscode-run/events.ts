// A scripted event sequence shared by the pure-helper tests (the runner's contract, not a runner).
import type { RunEvent } from '../../../src/core/contracts/events.js';

/** Two steps: `build` passes after a retry, `test` fails with exit 2 and a tsc error. */
export function scriptedRun(runId = 'r1', t0 = 1_000_000): RunEvent[] {
  const base = { runId };
  return [
    { ...base, time: t0, type: 'run-start', pipeline: 'demo', file: '/w/demo.ansflow.yaml', params: { env: 'dev' }, trigger: 'manual', steps: ['build', 'test'] },
    { ...base, time: t0 + 1, type: 'step-queued', step: 'build', stepId: 'build' },
    { ...base, time: t0 + 2, type: 'step-start', step: 'build', stepId: 'build', attempt: 1, executor: 'local' },
    { ...base, time: t0 + 3, type: 'step-log', step: 'build', stream: 'stdout', text: 'compil' },
    { ...base, time: t0 + 4, type: 'step-log', step: 'build', stream: 'stdout', text: 'ing\ndone\n' },
    { ...base, time: t0 + 5, type: 'step-start', step: 'build', stepId: 'build', attempt: 2, executor: 'local' },
    { ...base, time: t0 + 100, type: 'step-end', step: 'build', stepId: 'build', status: 'success', attempt: 2, exitCode: 0, durationMs: 98 },
    { ...base, time: t0 + 101, type: 'step-start', step: 'test', stepId: 'test', attempt: 1, executor: 'local' },
    { ...base, time: t0 + 102, type: 'step-log', step: 'test', stream: 'stderr', text: 'src/a.ts(3,5): error TS2322: nope\n' },
    { ...base, time: t0 + 103, type: 'step-log', step: 'test', stream: 'stdout', text: 'no newline at end' },
    { ...base, time: t0 + 200, type: 'step-end', step: 'test', stepId: 'test', status: 'failed', attempt: 1, exitCode: 2, durationMs: 99, reason: 'exit code 2' },
    { ...base, time: t0 + 201, type: 'run-end', status: 'failed', durationMs: 201 },
  ];
}
