// Approval gates in the editor: vscode.window handed to the core's modal gate. The answer (or a
// timeout) goes back to the runner, which records it in history with who and when.
import * as vscode from 'vscode';
import { userInfo } from 'node:os';
import { askModalApproval, type ApprovalPrompt, type ModalDecision } from '../../core/runner/approvals/modalApproval.js';

/** The OS user name, recorded as who decided. */
export function approverName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

export type { ApprovalPrompt } from '../../core/runner/approvals/modalApproval.js';

/** Shows the modal; resolves with the decision (see askModalApproval for Escape, timeout and cancel). */
export function askApproval(p: ApprovalPrompt, signal: AbortSignal): Promise<ModalDecision> {
  return askModalApproval(vscode.window, p, signal, approverName());
}
