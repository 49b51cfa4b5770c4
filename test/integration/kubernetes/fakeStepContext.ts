// A StepContext for driving step types and executors directly against real engines.
import type { Executor, StepContext } from '../../../src/core/contracts/StepType.js';

/** Captured output of a {@link fakeStepContext}. */
export interface Captured {
  logs: string[];
  progress: string[];
  outputs: Record<string, string>;
}

/** A StepContext whose log/progress/outputs are captured; env carries the test KUBECONFIG. */
export function fakeStepContext(withParams: Record<string, unknown>, over: Partial<StepContext> = {}): { ctx: StepContext; out: Captured } {
  const out: Captured = { logs: [], progress: [], outputs: {} };
  const ctx: StepContext = {
    runId: 'it-run',
    step: 's1',
    stepId: 's1',
    attempt: 1,
    with: withParams,
    env: { ...(process.env as Record<string, string>) },
    cwd: process.cwd(),
    workspace: process.cwd(),
    signal: new AbortController().signal,
    executor: undefined as unknown as Executor,
    log: (_s, t) => void out.logs.push(t),
    progress: (m) => void out.progress.push(m),
    setOutput: (k, v) => void (out.outputs[k] = v),
    secrets: {},
    requestApproval: async () => 'approved',
    dryRun: false,
    ...over,
  };
  return { ctx, out };
}
