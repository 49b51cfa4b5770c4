// Records each approval decision by wrapping the approver a run is given; the runner itself is not
// touched (it only sees the Approver interface).
import type { ApprovalDecision, ApprovalRequest, Approver } from '../../runner/approvals/Approver.js';
import type { AuditLog } from './AuditLog.js';

/** An approver that records every decision `inner` makes (with who decided and why) in `audit`. */
export function auditedApprover(inner: Approver, audit: AuditLog, context: string): Approver {
  return {
    async decide(request: ApprovalRequest): Promise<ApprovalDecision> {
      let d: ApprovalDecision;
      try {
        d = await inner.decide(request);
      } catch (e) {
        // The runner aborts a pending question on timeout or cancel; the gate then did not pass.
        audit.append({ action: 'approval', target: { context, object: request.step }, result: 'cancelled', runId: request.runId, detail: e instanceof Error ? e.message : String(e) });
        throw e;
      }
      audit.append({
        action: 'approval',
        target: { context, object: request.step },
        result: d.decision,
        runId: request.runId,
        detail: [d.by ? `by ${d.by}` : '', d.reason ?? ''].filter(Boolean).join(': ') || undefined,
      });
      return d;
    },
  };
}
