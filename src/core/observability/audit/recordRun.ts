// The "pipeline-run" record: written when a run ends, from the run's own summary, by whoever
// started it (the CLI's run command, the editor's engine adapter).
import type { RunHandle } from '../../runner/runTypes.js';
import type { AuditLog } from './AuditLog.js';
import type { AuditResult } from './auditRecord.js';

/** Appends one pipeline-run record when `handle` ends; `file` is the pipeline file, `name` its name. */
export function recordRunEnd(audit: AuditLog, handle: Pick<RunHandle, 'done' | 'runId'>, file: string, name: string | undefined, extra?: string): Promise<void> {
  return handle.done.then(
    (s) => {
      const result: AuditResult = s.status === 'success' ? 'ok' : s.status === 'cancelled' ? 'cancelled' : s.status === 'timed-out' ? 'timed-out' : 'failed';
      const failed = s.steps.filter((st) => st.status === 'failed' || st.status === 'timed-out').map((st) => st.step);
      // The status only when the result does not already say it (the result column shows both).
      const detail = [extra, s.status !== 'success' && s.status !== result ? s.status : '', failed.length ? `failed steps: ${failed.join(', ')}` : '', s.error ?? ''].filter(Boolean).join('; ');
      audit.append({ action: 'pipeline-run', target: { context: file, object: name }, result, runId: s.runId, detail: detail || undefined });
    },
    (e: unknown) => {
      audit.append({ action: 'pipeline-run', target: { context: file, object: name }, result: 'failed', runId: handle.runId, detail: e instanceof Error ? e.message : String(e) });
    },
  );
}
