// Approval gates: a step waits for a person. The CLI answers from flags or an interactive prompt,
// the editor from a modal; the runner only sees this interface.

/** The question put to an approver. */
export interface ApprovalRequest {
  runId: string;
  step: string;
  message: string;
  approvers: string[];
  signal: AbortSignal;
}

/** A decision, with who made it when known. */
export interface ApprovalDecision {
  decision: 'approved' | 'rejected';
  by?: string;
  /** Why, for the step's failure reason (e.g. "non-interactive run"). */
  reason?: string;
}

/** Decides approval requests. Timeouts are applied by the runner around `decide`. */
export interface Approver {
  decide(request: ApprovalRequest): Promise<ApprovalDecision>;
}

/** Approves the listed steps (by id or instance key) or all of them; rejects the rest with a hint. */
export class PresetApprover implements Approver {
  constructor(
    private readonly approved: { all?: boolean; steps?: string[] },
    private readonly fallback?: Approver,
  ) {}

  async decide(request: ApprovalRequest): Promise<ApprovalDecision> {
    const id = request.step.replace(/\[.*$/, '');
    if (this.approved.all || this.approved.steps?.includes(request.step) || this.approved.steps?.includes(id)) {
      return { decision: 'approved', by: this.approved.all ? '--approve-all' : '--approve' };
    }
    if (this.fallback) return this.fallback.decide(request);
    return {
      decision: 'rejected',
      reason: `approval required and this run is not interactive; pass --approve ${id} or --approve-all`,
    };
  }
}

/** Waits for `approver` with an optional timeout; aborting `signal` rejects with its reason. */
export async function requestApprovalWithTimeout(
  approver: Approver,
  request: ApprovalRequest,
  timeoutMs: number | undefined,
): Promise<ApprovalDecision | { decision: 'timed-out'; reason: string }> {
  const ac = new AbortController();
  const onAbort = () => ac.abort(request.signal.reason);
  request.signal.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  try {
    const races: Array<Promise<ApprovalDecision | { decision: 'timed-out'; reason: string }>> = [approver.decide({ ...request, signal: ac.signal })];
    if (timeoutMs !== undefined) {
      races.push(new Promise((resolve) => (timer = setTimeout(() => resolve({ decision: 'timed-out', reason: `no approval within ${timeoutMs} ms` }), timeoutMs))));
    }
    races.push(
      new Promise((_, reject) => {
        if (ac.signal.aborted) reject(ac.signal.reason);
        ac.signal.addEventListener('abort', () => reject(ac.signal.reason), { once: true });
      }),
    );
    return await Promise.race(races);
  } finally {
    if (timer) clearTimeout(timer);
    request.signal.removeEventListener('abort', onAbort);
    ac.abort();
  }
}
