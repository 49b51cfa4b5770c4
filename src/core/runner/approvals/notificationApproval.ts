// The editor's approval gate without the editor: the request goes into the pending-approvals registry
// and a non-modal notification offers Approve / Reject. A modal would block the whole workbench, so the
// graph node's buttons and the Runs view's inline actions (which answer the same request by id) could
// never be clicked while it is up. The window is passed in (vscode.window in the extension, a double in
// tests), so answer, dismissal, timeout, cancel and "answered elsewhere" are decided here and unit-tested.
import type { ApprovalOutcome, PendingApprovals } from './PendingApprovals.js';

/** What the gate asks about. */
export interface ApprovalPrompt {
  runId: string;
  pipeline: string;
  step: string;
  message: string;
  approvers: string[];
  /** Step keys that run after this one if approved. */
  following: string[];
  timeoutMs?: number;
}

/** The part of `vscode.window` the gate uses. */
export interface ApprovalWindow {
  showWarningMessage(message: string, ...items: string[]): PromiseLike<string | undefined>;
  showInformationMessage(message: string): PromiseLike<string | undefined>;
}

export type GateDecision = { decision: 'approved' | 'rejected' | 'timed-out'; by: string; comment?: string };

export const APPROVE = 'Approve';
export const REJECT = 'Reject';

/** One line for the notification: where the gate is, who may approve, what runs next, the timeout. */
export function approvalText(p: ApprovalPrompt, by: string): string {
  return [
    `AnsFlow: ${p.message || `Approve step ${p.step}?`} (pipeline ${p.pipeline}, step ${p.step})`,
    p.approvers.length ? `Approvers: ${p.approvers.join(', ')} (you are ${by}).` : '',
    p.following.length ? `If approved, next: ${p.following.join(', ')}.` : 'Nothing else runs after this step.',
    p.timeoutMs ? `Times out in ${Math.round(p.timeoutMs / 1000)} s.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * Registers the gate in `registry`, shows the notification and resolves with the request's outcome,
 * whoever answered. Closing the notification is no answer (the gate stays open in the graph and the
 * Runs view); a timeout or the run's cancel is a rejection. A click on the notification after the
 * request was answered elsewhere only says so: VS Code has no API to close a notification.
 */
export async function askNotificationApproval(window: ApprovalWindow, registry: PendingApprovals, p: ApprovalPrompt, signal: AbortSignal, by: string): Promise<GateDecision> {
  // A run cancelled before the gate is reached asks nobody.
  if (signal.aborted) return { decision: 'rejected', by };
  const { request, outcome } = registry.register(
    { runId: p.runId, step: p.step, pipeline: p.pipeline, message: p.message, approvers: p.approvers, following: p.following, ...(p.timeoutMs ? { timeoutMs: p.timeoutMs } : {}) },
    signal,
  );
  void Promise.resolve(window.showWarningMessage(approvalText(p, by), APPROVE, REJECT)).then(
    (choice) => {
      if (choice !== APPROVE && choice !== REJECT) return;
      const r = registry.answer(request.id, { decision: choice === APPROVE ? 'approved' : 'rejected', by });
      if ('error' in r) void window.showInformationMessage(`AnsFlow: ${p.step}: ${r.error}.`);
    },
    () => undefined,
  );
  const o: ApprovalOutcome = await outcome;
  if (o.decision === 'timed-out') {
    void window.showWarningMessage(`AnsFlow: approval for ${p.step} timed out; the step is treated as rejected.`);
    return { decision: 'timed-out', by };
  }
  // For a gate in front of a deployment, a run that stopped waiting is a no.
  if (o.decision === 'withdrawn') return { decision: 'rejected', by };
  return { decision: o.decision, by: o.by, ...(o.comment ? { comment: o.comment } : {}) };
}
