// A pipeline run's steps as merged-log sources, read from the run store (so the text is already
// masked, and runs of the CLI work as well as the editor's). Step logs carry no per-line times: what
// is in a file when it is first read is stamped with the step's start, and lines that appear while
// the run goes on with the time they were read. The file is re-read every `pollMs` while the run runs.
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { RunHistory } from '../../runner/store/RunHistory.js';
import { RunStore, logFileName } from '../../runner/store/RunStore.js';
import type { RunRecord } from '../../runner/store/runRecord.js';
import { ToolError } from '../../contracts/result.js';
import { abortableSleep } from '../../util/abortableSleep.js';
import type { RawLogLine } from '../logLine.js';
import type { LogSource, LogSourceContext } from '../logSource.js';

/** Options of {@link runStepSources}. */
export interface RunStepSourceOptions {
  /** How often a running step's log is read again. Default 250 ms. */
  pollMs?: number;
}

const CHUNK = 1 << 20;

/** One source per step of the run `runId` in the store at `root` (`<workspace>/.ansflow/runs`). */
export function runStepSources(root: string, runId: string, options: RunStepSourceOptions = {}): LogSource[] {
  const store = new RunStore({ root });
  const history = new RunHistory(store);
  const run = history.getRun(runId);
  if (!run) throw new ToolError('not-found', `Run ${runId} is not in the run store at ${root}.`);
  // Every step asks while idle; reading the run's records once a second answers them all.
  let checked = { at: 0, running: true };
  const running = () => {
    if (Date.now() - checked.at >= 1000) checked = { at: Date.now(), running: history.getRun(runId)?.status === 'running' };
    return checked.running;
  };
  return run.steps.map((s) => ({
    id: `run:${runId}/${s.step}`,
    label: s.step,
    lines: (ctx) => followStepLog(join(store.runDir(runId), 'logs', logFileName(s.step)), startOf(run, s.step), running, options.pollMs ?? 250, ctx),
  }));
}

function startOf(run: RunRecord, step: string): number {
  return run.steps.find((s) => s.step === step)?.attempts[0]?.startedAt ?? run.startedAt;
}

async function* followStepLog(path: string, startedAt: number, running: () => boolean, pollMs: number, ctx: LogSourceContext): AsyncGenerator<RawLogLine> {
  let offset = 0;
  let rest = '';
  let first = true;
  const decoder = new TextDecoder();
  const buf = Buffer.alloc(CHUNK);
  for (;;) {
    let n = 0;
    if (existsSync(path)) {
      const fd = openSync(path, 'r');
      try {
        n = readSync(fd, buf, 0, CHUNK, offset);
      } finally {
        closeSync(fd);
      }
    }
    if (n > 0) {
      offset += n;
      const t = first ? startedAt : Date.now();
      const ts = new Date(t).toISOString();
      rest += decoder.decode(buf.subarray(0, n), { stream: true });
      const parts = rest.split('\n');
      rest = parts.pop()!;
      for (const text of parts) yield { ts, t, text: text.endsWith('\r') ? text.slice(0, -1) : text };
      if (n === CHUNK) continue;
    }
    first = false;
    if (ctx.signal.aborted) return;
    if (n === 0 && !running()) {
      if (rest) yield { ts: new Date().toISOString(), t: Date.now(), text: rest };
      return;
    }
    // The shared sleep removes its listener: one per poll would pile up on a long-running step.
    await abortableSleep(pollMs, ctx.signal);
  }
}
