// The editor's approval gate without the editor: a modal question raced against the step's timeout
// and the run's cancel. The window is passed in (vscode.window in the extension, a double in tests),
// so reject, Escape, timeout and cancel are decided here and unit-tested.

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

/** The part of `vscode.window` the gate uses. */
export interface ApprovalWindow {
  showWarningMessage(message: string, options: { modal: true; detail: string }, ...items: string[]): PromiseLike<string | undefined>;
  showWarningMessage(message: string): PromiseLike<string | undefined>;
}

export type ModalDecision = { decision: 'approved' | 'rejected' | 'timed-out'; by: string };

/** The modal's detail text: where the gate is, who may approve, what runs next, the timeout. */
export function approvalDetail(p: ApprovalPrompt, by: string): string {
  return [
    `Pipeline ${p.pipeline}, step ${p.step}.`,
    p.approvers.length ? `Approvers: ${p.approvers.join(', ')} (you are ${by}).` : `You are ${by}.`,
    p.following.length ? `If approved, next:\n${p.following.map((s) => `  • ${s}`).join('\n')}` : 'Nothing else runs after this step.',
    p.timeoutMs ? `Times out in ${Math.round(p.timeoutMs / 1000)} s.` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * Asks through `window`; resolves with the first of: the answer (Escape or closing the modal is a
 * rejection), the timeout, the run's cancel (a rejection). A late answer is ignored.
 */
export async function askModalApproval(window: ApprovalWindow, p: ApprovalPrompt, signal: AbortSignal, by: string): Promise<ModalDecision> {
  // A run cancelled before the gate is reached asks nobody.
  if (signal.aborted) return { decision: 'rejected', by };
  const modal = window.showWarningMessage(p.message || `Approve step ${p.step}?`, { modal: true, detail: approvalDetail(p, by) }, 'Approve', 'Reject');
  const answers: Array<Promise<ModalDecision['decision']>> = [
    // For a gate in front of a deployment, no answer is no.
    Promise.resolve(modal).then(
      (c) => (c === 'Approve' ? 'approved' : 'rejected'),
      () => 'rejected',
    ),
  ];
  let timer: NodeJS.Timeout | undefined;
  if (p.timeoutMs) answers.push(new Promise((r) => (timer = setTimeout(() => r('timed-out'), p.timeoutMs))));
  let onAbort: (() => void) | undefined;
  answers.push(new Promise((r) => signal.addEventListener('abort', (onAbort = () => r('rejected')), { once: true })));
  const decision = await Promise.race(answers);
  clearTimeout(timer);
  if (onAbort) signal.removeEventListener('abort', onAbort);
  if (decision === 'timed-out') void window.showWarningMessage(`AnsFlow: approval for ${p.step} timed out; the step is treated as rejected.`);
  return { decision, by };
}
