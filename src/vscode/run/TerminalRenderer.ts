// Turns the runner's event stream into terminal text: one coloured `[step]` prefix per line, a live
// status line kept at the bottom, a header line when a job (instance) starts its first step, and a
// summary grouped by job when the run ends. Pure (no vscode import) so it is
// unit-tested; the Pseudoterminal only writes what this returns.
import type { JobRef, RunEvent, RunStatus, StepStatus } from '../../core/contracts/events.js';
import { groupStepsByJob, jobDurationMs } from '../../core/views/runs/jobGroups.js';
import { formatDuration, meaningfulReason } from './format.js';

const ESC = '\x1b[';
const RESET = `${ESC}0m`;
const CLEAR_LINE = `\r${ESC}2K`;
const PALETTE = [36, 35, 34, 33, 32, 96, 95, 94, 93, 92];
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

const STATUS_ICON: Record<StepStatus, string> = {
  queued: '·',
  running: '▶',
  success: '✔',
  failed: '✖',
  skipped: '↷',
  cancelled: '■',
  'timed-out': '⏱',
  'up-to-date': '≡',
  interrupted: '⚡',
};
const STATUS_COLOR: Record<StepStatus | RunStatus, number> = {
  queued: 90,
  running: 36,
  success: 32,
  failed: 31,
  skipped: 90,
  cancelled: 33,
  'timed-out': 31,
  'up-to-date': 32,
  interrupted: 33,
};

/** Options of {@link TerminalRenderer}. */
export interface TerminalRendererOptions {
  /** Emit ANSI colours (off for plain logs). */
  color?: boolean;
  /** Keep a live status line at the bottom (off for logs and tests of plain output). */
  statusLine?: boolean;
  /** Clock for the status line; tests inject one. */
  now?: () => number;
}

interface StepState {
  status: StepStatus;
  color: number;
  partial: string;
  startedAt?: number;
  durationMs?: number;
  attempt: number;
  exitCode?: number;
  reason?: string;
}

/**
 * Renders run events as terminal text with `\r\n` line ends.
 *
 * ```ts
 * const r = new TerminalRenderer({ color: true, statusLine: true });
 * handle.onEvent((e) => pty.write(r.render(e)));
 * ```
 */
export class TerminalRenderer {
  private readonly steps = new Map<string, StepState>();
  private readonly order: string[] = [];
  private statusShown = false;
  private tick = 0;
  private pipeline = '';
  private startedAt = 0;
  private ended = false;
  private readonly color: boolean;
  private readonly withStatus: boolean;
  private readonly now: () => number;
  private prefixWidth = 0;
  private jobs: Record<string, JobRef> = {};
  /** Job instances whose header line was written. */
  private readonly jobsStarted = new Set<string>();

  constructor(options: TerminalRendererOptions = {}) {
    this.color = options.color ?? true;
    this.withStatus = options.statusLine ?? true;
    this.now = options.now ?? Date.now;
  }

  /** Text to write for one event, including the redrawn status line. */
  render(e: RunEvent): string {
    const body = this.body(e);
    if (!body && e.type !== 'step-start' && e.type !== 'step-end') return '';
    return this.frame(body);
  }

  /** Writes out partial lines (output without a trailing newline) that waited too long; '' when none. */
  flushPartials(): string {
    let out = '';
    for (const [key, s] of this.steps) {
      if (s.partial) {
        out += this.line(key, s.partial);
        s.partial = '';
      }
    }
    return out ? this.frame(out) : '';
  }

  /** Just the status line again (for a spinner timer); '' once the run ended. */
  refreshStatus(): string {
    if (this.ended || !this.withStatus) return '';
    this.tick++;
    return this.frame('');
  }

  /** Plain status text, e.g. for the status bar: `build, test · 2/5`. */
  statusText(): string {
    const running = this.order.filter((k) => this.steps.get(k)?.status === 'running');
    const done = this.order.filter((k) => {
      const st = this.steps.get(k)?.status;
      return st !== undefined && st !== 'queued' && st !== 'running';
    }).length;
    return `${running.join(', ') || 'waiting'} · ${done}/${this.order.length}`;
  }

  private frame(body: string): string {
    let out = '';
    if (this.statusShown) {
      out += CLEAR_LINE;
      this.statusShown = false;
    }
    out += body;
    if (this.withStatus && !this.ended && this.order.length > 0) {
      out += this.paint(90, `${SPINNER[this.tick % SPINNER.length]} ${this.pipeline} · ${this.statusText()} · ${formatDuration(this.now() - this.startedAt)}`);
      this.statusShown = true;
    }
    return out;
  }

  private body(e: RunEvent): string {
    switch (e.type) {
      case 'run-start': {
        this.pipeline = e.pipeline;
        this.startedAt = e.time;
        this.jobs = e.jobs ?? {};
        for (const key of e.steps) this.ensure(key);
        const params = Object.keys(e.params).length ? ` with ${Object.entries(e.params).map(([k, v]) => `${k}=${String(v)}`).join(' ')}` : '';
        return this.paint(1, `Run ${e.runId} of ${e.pipeline}`) + this.paint(90, ` (${e.trigger}${params})`) + '\r\n';
      }
      case 'step-queued':
        this.ensure(e.step);
        return '';
      case 'step-start': {
        const s = this.ensure(e.step);
        s.status = 'running';
        s.startedAt = e.time;
        s.attempt = e.attempt;
        const attempt = e.attempt > 1 ? ` (attempt ${e.attempt})` : '';
        return this.jobHeader(e.step) + this.line(e.step, this.paint(s.color, `▶ started${attempt}`) + this.paint(90, ` on ${e.executor}`));
      }
      case 'step-log': {
        const s = this.ensure(e.step);
        const parts = (s.partial + e.text).split(/\r?\n/);
        s.partial = parts.pop() ?? '';
        return parts.map((t) => this.line(e.step, e.stream === 'system' ? this.paint(90, t) : e.stream === 'stderr' && !t.includes('\x1b[') ? this.paint(91, t) : t)).join('');
      }
      case 'step-progress':
        return this.line(e.step, this.paint(90, `… ${e.message}${e.fraction !== undefined ? ` (${Math.round(e.fraction * 100)}%)` : ''}`));
      case 'step-output':
        return this.line(e.step, this.paint(90, `output ${e.name}=${e.value}`));
      case 'approval-requested':
        // A gate (when: manual) on a job's first step asks before the step starts: the header comes first.
        return this.jobHeader(e.step) + this.line(e.step, this.paint(33, `◆ waiting for approval: ${e.message}${e.approvers.length ? ` (approvers: ${e.approvers.join(', ')})` : ''}`));
      case 'approval-resolved':
        return this.line(e.step, this.paint(e.decision === 'approved' ? 32 : 31, `approval ${e.decision}${e.by ? ` by ${e.by}` : ''}`));
      case 'step-end': {
        const s = this.ensure(e.step);
        let out = s.partial ? this.line(e.step, s.partial) : '';
        s.partial = '';
        s.status = e.status;
        s.durationMs = e.durationMs;
        s.exitCode = e.exitCode;
        s.reason = e.reason;
        const exit = e.exitCode !== undefined && e.status !== 'success' ? ` (exit ${e.exitCode})` : '';
        const why = e.status !== 'success' ? meaningfulReason(e.reason, e.exitCode) : undefined;
        const reason = why ? `: ${why}` : '';
        out += this.line(e.step, this.paint(STATUS_COLOR[e.status], `${STATUS_ICON[e.status]} ${e.status}${exit} in ${formatDuration(e.durationMs)}${reason}`));
        return out;
      }
      case 'run-end':
        this.ended = true;
        return this.summary(e.status, e.durationMs);
    }
  }

  private summary(status: RunStatus, durationMs: number): string {
    let out = this.flushAll() + '\r\n' + this.paint(1, 'Summary') + '\r\n';
    // Steps of a job sit indented under their job's row, which carries the job's folded status.
    const rows = groupStepsByJob(
      this.order.map((key) => {
        const s = this.steps.get(key)!;
        return { step: key, status: s.status === 'queued' ? 'skipped' : s.status, durationMs: s.durationMs, ...this.jobs[key] };
      }),
    );
    const width = Math.max(4, ...rows.flatMap((r) => (r.kind === 'step' ? [r.step.step.length] : [r.id.length, ...r.steps.map((s) => s.step.length + 2)])));
    const stepRow = (key: string, indent: string) => {
      const s = this.steps.get(key)!;
      const st = s.status === 'queued' ? 'skipped' : s.status;
      const dur = s.durationMs !== undefined ? formatDuration(s.durationMs) : '—';
      const exit = s.exitCode !== undefined && st !== 'success' ? ` exit ${s.exitCode}` : '';
      const why = st !== 'success' ? meaningfulReason(s.reason, s.exitCode) : undefined;
      const reason = why ? `  ${why}` : '';
      return `  ${indent}${this.paint(STATUS_COLOR[st], STATUS_ICON[st])} ${key.padEnd(width - indent.length)}  ${dur.padStart(7)}${exit}${this.paint(90, reason)}\r\n`;
    };
    for (const row of rows) {
      if (row.kind === 'step') {
        out += stepRow(row.step.step, '');
        continue;
      }
      const st = row.status as StepStatus;
      const d = jobDurationMs(row);
      out += `  ${this.paint(STATUS_COLOR[st], STATUS_ICON[st])} ${this.paint(1, row.id.padEnd(width))}  ${(d !== undefined ? formatDuration(d) : '—').padStart(7)}\r\n`;
      for (const s of row.steps) out += stepRow(s.step, '  ');
    }
    const counts = new Map<string, number>();
    for (const k of this.order) {
      const st = this.steps.get(k)!.status;
      counts.set(st, (counts.get(st) ?? 0) + 1);
    }
    const tally = [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
    out += this.paint(STATUS_COLOR[status], `${status === 'success' ? '✔' : '✖'} ${this.pipeline} ${status} in ${formatDuration(durationMs)}`) + this.paint(90, ` (${tally})`) + '\r\n';
    return out;
  }

  /** `── job test[node=20] ──` before the first step of a job instance starts; '' otherwise. */
  private jobHeader(step: string): string {
    const ref = this.jobs[step];
    if (!ref) return '';
    const id = ref.jobKey ?? ref.job;
    if (this.jobsStarted.has(id)) return '';
    this.jobsStarted.add(id);
    return this.paint(1, `── job ${id} ──`) + '\r\n';
  }

  private flushAll(): string {
    let out = '';
    for (const [key, s] of this.steps) {
      if (s.partial) out += this.line(key, s.partial);
      s.partial = '';
    }
    return out;
  }

  private ensure(key: string): StepState {
    let s = this.steps.get(key);
    if (!s) {
      s = { status: 'queued', color: PALETTE[this.order.length % PALETTE.length], partial: '', attempt: 1 };
      this.steps.set(key, s);
      this.order.push(key);
      this.prefixWidth = Math.min(24, Math.max(this.prefixWidth, key.length));
    }
    return s;
  }

  private line(step: string, text: string): string {
    const s = this.ensure(step);
    return `${this.paint(s.color, `[${step}]`.padEnd(this.prefixWidth + 2))} ${text}\r\n`;
  }

  private paint(code: number, text: string): string {
    return this.color ? `${ESC}${code}m${text}${RESET}` : text;
  }
}
