// Approval gates in the editor: vscode.window and the window's pending-approvals registry handed to the
// core's notification gate. The answer (or a timeout) goes back to the runner, which records it in
// history with who and when; the graph editor and the Runs view answer the same requests by id.
import * as vscode from 'vscode';
import { userInfo } from 'node:os';
import { askNotificationApproval, type ApprovalPrompt, type GateDecision } from '../../core/runner/approvals/notificationApproval.js';
import type { ApprovalAnswer, PendingApprovals } from '../../core/runner/approvals/PendingApprovals.js';

/** The OS user name, recorded as who decided. */
export function approverName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

export type { ApprovalPrompt } from '../../core/runner/approvals/notificationApproval.js';

/** Registers the gate and shows the notification; resolves with whoever answered first (see askNotificationApproval). */
export function askApproval(registry: PendingApprovals, p: ApprovalPrompt, signal: AbortSignal): Promise<GateDecision> {
  return askNotificationApproval(vscode.window, registry, p, signal, approverName());
}

/** Answers request `id` as this user (from the graph node or the Runs view); an error line when it is no longer waiting. */
export function answerApproval(registry: PendingApprovals, id: string, decision: ApprovalAnswer['decision'], comment?: string): string | undefined {
  const r = registry.answer(id, { decision, by: approverName(), ...(comment ? { comment } : {}) });
  return 'error' in r ? r.error : undefined;
}
