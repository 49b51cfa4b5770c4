// `type: approval` — a gate that waits for a person (CLI prompt or flags, editor modal). The
// concurrency slot is released while waiting.
import type { StepType } from '../../../contracts/StepType.js';
import { parseDuration } from '../../../pipeline/index.js';

function timeoutOf(w: Record<string, unknown>): number | undefined {
  if (typeof w.timeoutMs === 'number') return w.timeoutMs;
  return w.timeout === undefined ? undefined : parseDuration(w.timeout);
}

/** Waits for approval. `with`: message?, approvers? (list), timeout? (seconds, or a duration like '30s' / '10m'). */
export const approvalStepType: StepType = {
  type: 'approval',
  validate(w) {
    const problems = [];
    if (w.approvers !== undefined && !Array.isArray(w.approvers)) problems.push({ key: 'approvers', message: 'must be a list of names' });
    if ((w.timeout ?? w.timeoutMs) !== undefined && timeoutOf(w) === undefined) problems.push({ key: 'timeout', message: "must be milliseconds or a duration like '30s', '10m', '1h'" });
    return problems;
  },
  describe: (w) => `approval: ${String(w.message ?? 'continue?')}`,
  async dryRun(ctx) {
    ctx.log('system', `[dry run] would ask for approval: ${String(ctx.with.message ?? 'continue?')}\n`);
    return { exitCode: 0 };
  },
  async run(ctx) {
    const message = String(ctx.with.message ?? `Approve step ${ctx.stepId}?`);
    const approvers = Array.isArray(ctx.with.approvers) ? ctx.with.approvers.map(String) : [];
    const decision = await ctx.requestApproval(message, approvers, timeoutOf(ctx.with));
    ctx.setOutput('decision', decision);
    if (decision === 'approved') {
      ctx.log('stdout', 'approved\n');
      return { exitCode: 0 };
    }
    return { exitCode: 1, message: decision === 'timed-out' ? 'approval timed out' : 'approval rejected' };
  },
};
