// The approval gates waiting in this process, so several places can answer one gate: the editor's
// notification, the graph node and the Runs view each answer by request id, the first answer wins and
// the others see it gone. The runner still only sees an Approver; the editor's approver registers here.
import { randomUUID } from 'node:crypto';

/** One gate waiting for a person. */
export interface PendingApproval {
  id: string;
  runId: string;
  /** The step instance key (`deploy[env=prod]`). */
  step: string;
  /** The step's id (what the graph draws as a node; a matrix's instances share it). */
  stepId: string;
  pipeline: string;
  /** Masked by the runner before it gets here. */
  message: string;
  /** Who the step names as approvers; shown, not enforced (the editor knows only the OS user name). */
  approvers: string[];
  /** Step keys that run after this one if approved. */
  following: string[];
  timeoutMs?: number;
  requestedAt: number;
}

/** A person's answer. */
export interface ApprovalAnswer {
  decision: 'approved' | 'rejected';
  by: string;
  comment?: string;
}

/** How a request ended: answered, timed out, or withdrawn (its run was cancelled or ended). */
export type ApprovalOutcome = ApprovalAnswer | { decision: 'timed-out' } | { decision: 'withdrawn'; reason: string };

export type PendingApprovalEvent = { type: 'requested'; request: PendingApproval } | { type: 'resolved'; request: PendingApproval; outcome: ApprovalOutcome };

export type NewApproval = Omit<PendingApproval, 'id' | 'requestedAt' | 'stepId'> & { stepId?: string };

/** A comment longer than this is refused (it goes into a log line and the audit trail). */
export const MAX_COMMENT = 500;

interface Entry {
  request: PendingApproval;
  settle(outcome: ApprovalOutcome): void;
}

/** See the file comment. */
export class PendingApprovals {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<(e: PendingApprovalEvent) => void>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly newId: () => string = randomUUID,
  ) {}

  /**
   * Adds a request; `outcome` settles with its first answer, its timeout, or a withdrawal (aborting
   * `signal` withdraws it: the run was cancelled or gave up waiting). Already aborted: withdrawn at once, never listed.
   */
  register(input: NewApproval, signal?: AbortSignal): { request: PendingApproval; outcome: Promise<ApprovalOutcome> } {
    const request: PendingApproval = { ...input, stepId: input.stepId ?? input.step.replace(/\[.*$/, ''), id: this.newId(), requestedAt: this.now() };
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const outcome = new Promise<ApprovalOutcome>((resolve) => {
      const entry: Entry = {
        request,
        settle: (o) => {
          if (!this.entries.delete(request.id)) return;
          clearTimeout(timer);
          if (onAbort) signal?.removeEventListener('abort', onAbort);
          resolve(o);
          this.fire({ type: 'resolved', request, outcome: o });
        },
      };
      // A run cancelled before its gate was reached asks nobody.
      if (signal?.aborted) return resolve({ decision: 'withdrawn', reason: 'the run was cancelled' });
      this.entries.set(request.id, entry);
      this.fire({ type: 'requested', request });
      if (signal) signal.addEventListener('abort', (onAbort = () => entry.settle({ decision: 'withdrawn', reason: 'the run was cancelled' })), { once: true });
      if (request.timeoutMs !== undefined) timer = setTimeout(() => entry.settle({ decision: 'timed-out' }), request.timeoutMs);
    });
    return { request, outcome };
  }

  /** Answers request `id`; an error (as a value) when it is no longer waiting or the answer is malformed. */
  answer(id: string, answer: ApprovalAnswer): { request: PendingApproval } | { error: string } {
    const entry = this.entries.get(id);
    if (!entry) return { error: 'this approval is no longer waiting (already answered, timed out or its run ended)' };
    if (answer.decision !== 'approved' && answer.decision !== 'rejected') return { error: `unknown decision '${String(answer.decision)}'` };
    const by = typeof answer.by === 'string' ? answer.by.trim() : '';
    if (!by) return { error: 'an answer needs who gave it' };
    const comment = typeof answer.comment === 'string' ? answer.comment.trim() : undefined;
    if (comment && comment.length > MAX_COMMENT) return { error: `the comment is longer than ${MAX_COMMENT} characters` };
    entry.settle({ decision: answer.decision, by, ...(comment ? { comment } : {}) });
    return { request: entry.request };
  }

  /** Withdraws request `id` (nobody answers it any more); false when it was not waiting. */
  withdraw(id: string, reason: string): boolean {
    const entry = this.entries.get(id);
    entry?.settle({ decision: 'withdrawn', reason });
    return entry !== undefined;
  }

  /** Withdraws every request of run `runId` (the run was cancelled or ended); how many there were. */
  withdrawRun(runId: string, reason: string): number {
    const of = [...this.entries.values()].filter((e) => e.request.runId === runId);
    for (const e of of) e.settle({ decision: 'withdrawn', reason });
    return of.length;
  }

  get(id: string): PendingApproval | undefined {
    return this.entries.get(id)?.request;
  }

  /** Waiting requests, oldest first; only run `runId`'s when given. */
  list(runId?: string): PendingApproval[] {
    return [...this.entries.values()].map((e) => e.request).filter((r) => runId === undefined || r.runId === runId);
  }

  /** The waiting request of one step instance (`step` a key) or, for a step id, its oldest waiting instance. */
  find(runId: string, step: string): PendingApproval | undefined {
    const of = this.list(runId);
    return of.find((r) => r.step === step) ?? of.find((r) => r.stepId === step);
  }

  onDidChange(listener: (e: PendingApprovalEvent) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private fire(e: PendingApprovalEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch {
        // A failing view must not keep the gate from settling or the other views from hearing of it.
      }
    }
  }
}
