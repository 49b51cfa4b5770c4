// Live output of `ansflow run`: one prefixed, coloured line per output line of each step (lines of
// parallel steps never interleave mid-line), step start/end lines, a one-line status footer redrawn
// under the output when stdout is a TTY, a header line when a job (instance) starts its first step, and a
// final summary table (grouped by job, with a JOB column, when the pipeline has jobs). Input is the runner's masked
// event stream, consumed through a bounded queue so a slow terminal never blocks steps.
import type { JobRef, RunEvent } from '../../core/contracts/events.js';
import { jobRows } from './table.js';
import type { RunSummary } from '../../core/runner/index.js';
import { conclusionOf, describeStatus } from '../../core/contracts/statusMapping.js';

const COLORS = [36, 35, 33, 32, 34, 91, 96, 95, 93, 92, 94];
const STATUS_COLOR: Record<string, number> = { success: 32, failure: 31, failed: 31, 'timed-out': 31, cancelled: 33, interrupted: 33, skipped: 90, 'up-to-date': 36, running: 34, queued: 90 };

/** Output options. */
export interface RunPrinterOptions {
  color: boolean;
  /** Draw the status footer (stdout is a TTY). */
  footer: boolean;
  columns?: number;
}

/** Formats milliseconds as `850ms`, `12.3s`, `4m05s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const m = Math.floor(ms / 60_000);
  return `${m}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

/** Turns run events into terminal text; `write` gets whole chunks to print. */
export class RunPrinter {
  private readonly colorOf = new Map<string, number>();
  private readonly partial = new Map<string, string>();
  private readonly running = new Set<string>();
  private total = 0;
  private readonly ended = new Set<string>();
  private width = 0;
  private footerShown = false;
  private jobs: Record<string, JobRef> = {};
  private readonly jobsStarted = new Set<string>();

  constructor(private readonly options: RunPrinterOptions) {}

  private paint(code: number, text: string): string {
    return this.options.color ? `\x1b[${code}m${text}\x1b[0m` : text;
  }

  private prefix(step: string): string {
    if (!this.colorOf.has(step)) this.colorOf.set(step, COLORS[this.colorOf.size % COLORS.length]!);
    const name = step.length > this.width ? `${step.slice(0, this.width - 1)}…` : step.padEnd(this.width);
    return this.paint(this.colorOf.get(step)!, `${name} │`);
  }

  private lines(step: string, text: string, stream: string): string {
    const out = text.split('\n').map((l) => `${this.prefix(step)} ${stream === 'stderr' ? this.paint(31, l) : stream === 'system' ? this.paint(90, l) : l}\n`);
    return out.join('');
  }

  private footer(): string {
    if (!this.options.footer || !this.running.size) return '';
    const names = [...this.running].join(', ');
    const text = `● ${this.ended.size}/${this.total} done · running: ${names}`;
    const max = (this.options.columns ?? 100) - 1;
    this.footerShown = true;
    return this.paint(90, text.length > max ? `${text.slice(0, max - 1)}…` : text);
  }

  /** `── job test[node=20] ──` before the first step of a job instance starts (or asks for approval); '' otherwise. */
  private jobHeader(step: string): string {
    const ref = this.jobs[step];
    const id = ref && (ref.jobKey ?? ref.job);
    if (!id || this.jobsStarted.has(id)) return '';
    this.jobsStarted.add(id);
    return `${this.paint(1, `── job ${id} ──`)}\n`;
  }

  /** Text to write for one event (may be empty). */
  render(e: RunEvent): string {
    let body = '';
    switch (e.type) {
      case 'run-start':
        this.total = e.steps.length;
        this.jobs = e.jobs ?? {};
        this.width = Math.min(28, Math.max(4, ...e.steps.map((s) => s.length)));
        body = `${this.paint(1, `▶ ${e.pipeline}`)} · run ${e.runId} · ${e.steps.length} step(s)\n`;
        break;
      case 'step-start':
        this.running.add(e.step);
        this.ended.delete(e.step);
        body = this.jobHeader(e.step) + this.lines(e.step, `${e.attempt > 1 ? `↻ attempt ${e.attempt}` : '▶ start'} (${e.executor})`, 'system');
        break;
      case 'step-log': {
        const key = `${e.step}\u0000${e.stream}`;
        const text = (this.partial.get(key) ?? '') + e.text;
        const cut = text.lastIndexOf('\n');
        if (cut < 0) {
          this.partial.set(key, text);
          break;
        }
        this.partial.set(key, text.slice(cut + 1));
        body = this.lines(e.step, text.slice(0, cut), e.stream);
        break;
      }
      case 'approval-requested':
        // A gate (when: manual) on a job's first step asks before the step starts: the header comes first.
        body = this.jobHeader(e.step) + this.lines(e.step, `⏸ waiting for approval: ${e.message}`, 'system');
        break;
      case 'approval-resolved':
        body = this.lines(e.step, `approval ${e.decision}${e.by ? ` (${e.by})` : ''}`, 'system');
        break;
      case 'step-end': {
        for (const stream of ['stdout', 'stderr', 'system']) {
          const key = `${e.step}\u0000${stream}`;
          const rest = this.partial.get(key);
          if (rest) body += this.lines(e.step, rest, stream);
          this.partial.delete(key);
        }
        this.running.delete(e.step);
        this.ended.add(e.step);
        const mark = e.status === 'success' ? '✔' : e.status === 'skipped' || e.status === 'up-to-date' ? '○' : '✖';
        const detail = [e.exitCode !== undefined && e.status !== 'success' ? `exit ${e.exitCode}` : '', e.attempt > 0 ? formatDuration(e.durationMs) : '', e.reason ?? ''].filter(Boolean).join(' · ');
        // The live line keeps the runner's state; a failure that continueOnError turns into a success says so.
        const label = e.conclusion && e.conclusion !== conclusionOf(e.status) ? `${e.status} → ${e.conclusion} (continueOnError)` : e.status;
        body += `${this.prefix(e.step)} ${this.paint(STATUS_COLOR[e.status] ?? 0, `${mark} ${label}`)}${detail ? this.paint(90, ` (${detail})`) : ''}\n`;
        break;
      }
      case 'run-end':
        this.running.clear();
        body = '';
        break;
      default:
        break;
    }
    if (!this.options.footer) return body;
    // Erase the old footer, print the new lines, redraw the footer below them.
    const clear = this.footerShown ? '\r\x1b[2K' : '';
    this.footerShown = false;
    if (!body && !this.running.size) return clear;
    return `${clear}${body}${this.footer()}`;
  }

  /** The final table: step, status, attempts, duration, then the run's verdict. */
  summary(s: RunSummary): string {
    // Summaries speak GitHub's values (contracts/statusMapping), with the runner's state when it says more.
    const row = (x: RunSummary['steps'][number]) => [x.step, describeStatus(x.status, x.conclusion), String(x.attempts), x.attempts ? formatDuration(x.durationMs) : '-', x.reason ?? ''];
    let rows = s.steps.map(row);
    let head = ['STEP', 'STATUS', 'ATTEMPTS', 'DURATION', 'NOTE'];
    if (Object.keys(this.jobs).length) {
      // Steps of one job instance together, where its first step is, behind a JOB column.
      rows = jobRows(s.steps.map((x) => ({ ...x, ...this.jobs[x.step] })), row);
      head = ['JOB', ...head];
    }
    const note = head.length - 1;
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    widths[note] = Math.min(widths[note]!, 60);
    const fmt = (r: string[], color = false) =>
      r
        .map((c, i) => {
          const cell = i === note && c.length > 60 ? `${c.slice(0, 59)}…` : c.padEnd(widths[i]!);
          return color && i === note - 3 ? this.paint(STATUS_COLOR[c.replace(/ .*/, '')] ?? 0, cell) : cell;
        })
        .join('  ')
        .trimEnd();
    const verdict = this.paint(STATUS_COLOR[s.status] ?? 0, describeStatus(s.status, s.conclusion).toUpperCase());
    return `\n${this.paint(1, fmt(head))}\n${rows.map((r) => fmt(r, true)).join('\n')}\n\n${verdict} in ${formatDuration(s.durationMs)} · run ${s.runId}${s.error ? `\n${s.error}` : ''}\n`;
  }
}
