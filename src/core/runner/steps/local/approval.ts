// `type: approval` — a gate that waits for a person (CLI prompt or flags, editor modal). The
// concurrency slot is released while waiting.
import type { StepType } from '../../../contracts/StepType.js';
import { WithParams } from '../WithParams.js';

function timeoutOf(w: WithParams): number | undefined {
  return w.number('timeoutMs', { min: 0 }) ?? w.duration('timeout');
}

/** Waits for approval. `with`: message?, approvers? (list), timeout? (seconds, or a duration like '30s' / '10m'). */
export const approvalStepType: StepType = {
  type: 'approval',
  validate(w) {
    const problems = [];
    if (w.approvers !== undefined && !Array.isArray(w.approvers)) problems.push({ key: 'approvers', message: 'must be a list of names' });
    const r = WithParams.check(w);
    timeoutOf(r);
    r.string('message');
    r.list('approvers');
    return [...problems, ...r.problems];
  },
  describe: (w) => `approval: ${WithParams.check(w).string('message') ?? 'continue?'}`,
  async dryRun(ctx) {
    ctx.log('system', `[dry run] would ask for approval: ${WithParams.check(ctx.with).string('message') ?? 'continue?'}\n`);
    return { exitCode: 0 };
  },
  async run(ctx) {
    const w = WithParams.of(ctx);
    const message = w.string('message') ?? `Approve step ${ctx.stepId}?`;
    const approvers = w.list('approvers') ?? [];
    const decision = await ctx.requestApproval(message, approvers, timeoutOf(w));
    ctx.setOutput('decision', decision);
    if (decision === 'approved') {
      ctx.log('stdout', 'approved\n');
      return { exitCode: 0 };
    }
    return { exitCode: 1, message: decision === 'timed-out' ? 'approval timed out' : 'approval rejected' };
  },
};
