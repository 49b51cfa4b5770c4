// A StepContext that records what a step does (logs, progress, outputs) so integration tests can run a
// step type directly against a real engine, without the scheduler.
import type { Executor, StepContext } from '../../../src/core/contracts/StepType.js';
import type { LogStream } from '../../../src/core/contracts/events.js';

/** A recorded progress call, with the time it arrived. */
export interface RecordedProgress {
  message: string;
  fraction?: number;
  detail?: Record<string, unknown>;
  at: number;
}

/** StepContext plus the recordings. */
export interface RecordingContext extends StepContext {
  logs: Array<{ stream: LogStream; text: string }>;
  progresses: RecordedProgress[];
  outputs: Record<string, string>;
  text(stream?: LogStream): string;
  abort: AbortController;
}

const noExecutor: Executor = {
  kind: 'local',
  run() {
    throw new Error('this test context has no executor');
  },
};

/** Makes a recording context for `withParams`, rooted at `workspace`. */
export function recordingContext(withParams: Record<string, unknown>, workspace: string, extra: Partial<StepContext> = {}): RecordingContext {
  const logs: RecordingContext['logs'] = [];
  const progresses: RecordedProgress[] = [];
  const outputs: Record<string, string> = {};
  const abort = new AbortController();
  return {
    runId: 'test-run',
    step: 's1',
    stepId: 's1',
    attempt: 1,
    with: withParams,
    env: Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string')),
    cwd: workspace,
    workspace,
    signal: abort.signal,
    executor: noExecutor,
    log: (stream, text) => logs.push({ stream, text }),
    progress: (message, fraction, detail) => progresses.push({ message, fraction, detail, at: performance.now() }),
    setOutput: (name, value) => (outputs[name] = value),
    secrets: {},
    requestApproval: async () => 'approved',
    dryRun: false,
    ...extra,
    logs,
    progresses,
    outputs,
    abort,
    text: (stream) => logs.filter((l) => !stream || l.stream === stream).map((l) => l.text).join(''),
  };
}
