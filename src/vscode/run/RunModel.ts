// Live state of one run, folded from its events: what the trees, status bar, log documents,
// diagnostics and approval modal read. Pure; the glue feeds it events and listens for changes.
import type { RunEvent, RunStatus, StepStatus } from '../../core/contracts/events.js';

/** Cap per step so a chatty step cannot exhaust the extension host; the run store keeps the full log. */
export const MAX_STEP_LOG_CHARS = 2_000_000;

/** One step instance of a live run. */
export interface StepModel {
  key: string;
  stepId: string;
  status: StepStatus;
  attempt: number;
  startedAt?: number;
  durationMs?: number;
  exitCode?: number;
  reason?: string;
  executor?: string;
  /** The job (and matrix job instance) the step sits in, from run-start. */
  job?: string;
  jobKey?: string;
  log: string;
  truncated: boolean;
  outputs: Record<string, string>;
  approval?: { message: string; approvers: string[]; decision?: 'approved' | 'rejected' | 'timed-out'; by?: string; at?: number };
}

/** A run as the editor shows it. See {@link RunModel.apply}. */
export class RunModel {
  pipeline = '';
  file?: string;
  trigger = '';
  params: Record<string, unknown> = {};
  status: RunStatus = 'running';
  startedAt = 0;
  durationMs?: number;
  readonly steps = new Map<string, StepModel>();

  constructor(readonly runId: string) {}

  /** Folds one event in; returns the step key it touched (or undefined for run-level events). */
  apply(e: RunEvent): string | undefined {
    switch (e.type) {
      case 'run-start':
        this.pipeline = e.pipeline;
        this.file = e.file;
        this.trigger = e.trigger;
        this.params = e.params;
        this.startedAt = e.time;
        for (const k of e.steps) Object.assign(this.step(k, k.replace(/\[.*$/, '')), e.jobs?.[k] ?? {});
        return undefined;
      case 'step-queued':
        this.step(e.step, e.stepId).status = 'queued';
        return e.step;
      case 'step-start': {
        const s = this.step(e.step, e.stepId);
        s.status = 'running';
        s.attempt = e.attempt;
        s.startedAt = e.time;
        s.executor = e.executor;
        if (e.attempt > 1) this.appendLog(s, `--- attempt ${e.attempt} ---\n`);
        return e.step;
      }
      case 'step-log':
        this.appendLog(this.step(e.step), e.text);
        return e.step;
      case 'step-progress':
        return e.step;
      case 'step-output':
        this.step(e.step).outputs[e.name] = e.value;
        return e.step;
      case 'approval-requested':
        this.step(e.step).approval = { message: e.message, approvers: e.approvers };
        return e.step;
      case 'approval-resolved': {
        const s = this.step(e.step);
        s.approval = { message: s.approval?.message ?? '', approvers: s.approval?.approvers ?? [], decision: e.decision, by: e.by, at: e.time };
        return e.step;
      }
      case 'step-end': {
        const s = this.step(e.step, e.stepId);
        s.status = e.status;
        s.attempt = e.attempt;
        s.durationMs = e.durationMs;
        s.exitCode = e.exitCode;
        s.reason = e.reason;
        return e.step;
      }
      case 'run-end':
        this.status = e.status;
        this.durationMs = e.durationMs;
        return undefined;
    }
  }

  /** Step keys in plan order that have not finished, after `key` — "what follows" an approval. */
  pendingAfter(key: string): string[] {
    const keys = [...this.steps.keys()];
    const i = keys.indexOf(key);
    return keys.slice(i + 1).filter((k) => {
      const st = this.steps.get(k)!.status;
      return st === 'queued' || st === 'running';
    });
  }

  /** Failed, timed-out or cancelled step ids, for "Rerun Failed". */
  failedStepIds(): string[] {
    const ids = new Set<string>();
    for (const s of this.steps.values()) if (s.status === 'failed' || s.status === 'timed-out' || s.status === 'cancelled') ids.add(s.stepId);
    return [...ids];
  }

  /** Currently running step keys. */
  running(): string[] {
    return [...this.steps.values()].filter((s) => s.status === 'running').map((s) => s.key);
  }

  private step(key: string, stepId?: string): StepModel {
    let s = this.steps.get(key);
    if (!s) {
      s = { key, stepId: stepId ?? key.replace(/\[.*$/, ''), status: 'queued', attempt: 1, log: '', truncated: false, outputs: {} };
      this.steps.set(key, s);
    }
    return s;
  }

  private appendLog(s: StepModel, text: string): void {
    if (s.log.length + text.length <= MAX_STEP_LOG_CHARS) {
      s.log += text;
      return;
    }
    // Keep the tail: the end of a log is where failures are.
    s.log = (s.log + text).slice(-MAX_STEP_LOG_CHARS);
    s.truncated = true;
  }
}
