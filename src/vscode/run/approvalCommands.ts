// Approve Step / Reject Step: answer an approval gate of a run of this window without its notification
// (the Runs view's inline actions on a waiting step row, the palette). They answer the same request in
// RunService.approvals that the notification and the graph node answer; the first answer wins.
import * as vscode from 'vscode';
import type { AnsflowContext } from '../AnsflowContext.js';
import type { PendingApproval } from '../../core/runner/approvals/PendingApprovals.js';
import { answerApproval } from './EditorApprover.js';
import type { RunService } from './RunService.js';

/** The request a command argument names: a Runs view step row, (run id, step key or id), or none (pick one). */
async function pickRequest(service: RunService, arg: unknown, step: unknown): Promise<PendingApproval | undefined> {
  const row = arg && typeof arg === 'object' ? (arg as { runId?: unknown; step?: { step?: unknown } }) : undefined;
  const runId = typeof arg === 'string' ? arg : typeof row?.runId === 'string' ? row.runId : undefined;
  const key = typeof step === 'string' ? step : typeof row?.step?.step === 'string' ? row.step.step : undefined;
  if (runId && key) return service.approvals.find(runId, key);
  const waiting = service.approvals.list(runId);
  if (waiting.length <= 1) return waiting[0];
  const pick = await vscode.window.showQuickPick(
    waiting.map((r) => ({ label: r.step, description: r.pipeline, detail: r.message, request: r })),
    { title: 'AnsFlow: which approval?' },
  );
  return pick?.request;
}

export function registerApprovalCommands(ctx: AnsflowContext, service: RunService): void {
  const answer = (decision: 'approved' | 'rejected') => async (arg?: unknown, step?: unknown) => {
    const request = await pickRequest(service, arg, step);
    if (!request) {
      void vscode.window.showInformationMessage('AnsFlow: no approval of a run in this window is waiting.');
      return undefined;
    }
    const error = answerApproval(service.approvals, request.id, decision);
    if (error) void vscode.window.showInformationMessage(`AnsFlow: ${request.step}: ${error}.`);
    return error ? undefined : request.id;
  };
  ctx.registerCommand('approveStep', answer('approved'));
  ctx.registerCommand('rejectStep', answer('rejected'));
}
