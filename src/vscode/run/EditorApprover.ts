// Approval gates in the editor: a modal with the message and the plan of what follows. The answer
// (or a timeout) goes back to the runner, which records it in history with who and when.
import * as vscode from 'vscode';
import { userInfo } from 'node:os';

/** The OS user name, recorded as who decided. */
export function approverName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

/** What the modal shows. */
export interface ApprovalPrompt {
  pipeline: string;
  step: string;
  message: string;
  approvers: string[];
  /** Step keys that run after this one if approved. */
  following: string[];
  timeoutMs?: number;
}

/** Shows the modal; resolves with the decision (a late answer after a timeout is ignored). */
export async function askApproval(p: ApprovalPrompt, signal: AbortSignal): Promise<{ decision: 'approved' | 'rejected' | 'timed-out'; by: string }> {
  const by = approverName();
  const lines = [
    `Pipeline ${p.pipeline}, step ${p.step}.`,
    p.approvers.length ? `Approvers: ${p.approvers.join(', ')} (you are ${by}).` : `You are ${by}.`,
    p.following.length ? `If approved, next:\n${p.following.map((s) => `  • ${s}`).join('\n')}` : 'Nothing else runs after this step.',
    p.timeoutMs ? `Times out in ${Math.round(p.timeoutMs / 1000)} s.` : '',
  ].filter(Boolean);
  const modal = vscode.window.showWarningMessage(p.message || `Approve step ${p.step}?`, { modal: true, detail: lines.join('\n') }, 'Approve', 'Reject');
  const answers: Array<Promise<'approved' | 'rejected' | 'timed-out'>> = [
    // Dismissing the modal (Escape) rejects: for a gate in front of a deployment, no answer is no.
    Promise.resolve(modal).then((c) => (c === 'Approve' ? 'approved' : 'rejected')),
  ];
  let timer: NodeJS.Timeout | undefined;
  if (p.timeoutMs) answers.push(new Promise((r) => (timer = setTimeout(() => r('timed-out'), p.timeoutMs))));
  answers.push(new Promise((r) => signal.addEventListener('abort', () => r('rejected'), { once: true })));
  const decision = await Promise.race(answers);
  clearTimeout(timer);
  if (decision === 'timed-out') void vscode.window.showWarningMessage(`AnsFlow: approval for ${p.step} timed out; the step is treated as rejected.`);
  return { decision, by };
}
