// A Pseudoterminal showing one run: it writes what the TerminalRenderer produces, redraws the live
// status line on a timer, cancels the run on Ctrl+C or when closed, and (for tasks) closes with the
// run's exit code. Writes before VS Code opened the terminal are buffered, not lost.
import * as vscode from 'vscode';
import type { RunEvent } from '../../core/contracts/events.js';
import { TerminalRenderer } from './TerminalRenderer.js';

/** Lines containing this marker and an epoch-ms time measure step-write → terminal-write latency. */
export const LATENCY_PROBE = /ansflow-latency-probe:(\d{13})/g;

/** Latency samples (ms) taken from probe lines, for the e2e measurement. */
export interface LatencyStats {
  samples: number[];
}

/** One run's terminal. See {@link TerminalRenderer} for the text. */
export class RunTerminal implements vscode.Pseudoterminal, vscode.Disposable {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private readonly renderer: TerminalRenderer;
  private opened = false;
  private pending: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private partialTimer: NodeJS.Timeout | undefined;
  private ended = false;
  private disposed = false;
  readonly latency: LatencyStats = { samples: [] };
  private markReady!: () => void;
  /** Resolves when VS Code opened the terminal, so a run can start with nothing waiting in a buffer. */
  readonly ready = new Promise<void>((r) => (this.markReady = r));

  constructor(
    private readonly options: {
      /** Close the terminal with the run's exit code when it ends (task mode). */
      closeOnEnd: boolean;
      onCancel: () => void;
      color?: boolean;
    },
  ) {
    this.renderer = new TerminalRenderer({ color: options.color ?? true, statusLine: true });
  }

  open(): void {
    this.opened = true;
    this.markReady();
    const buffered = this.pending.join('');
    this.pending = [];
    if (buffered) {
      this.writeEmitter.fire(buffered);
      // Lines that waited for VS Code to open the terminal count with their real (longer) delay.
      this.sample(buffered);
    }
    // The spinner and elapsed time tick even when no step writes anything.
    this.timer = setInterval(() => this.write(this.renderer.refreshStatus()), 500);
  }

  close(): void {
    // The person closed the terminal: a running run has lost its only view, so stop it.
    if (!this.ended) this.options.onCancel();
    this.dispose();
  }

  handleInput(data: string): void {
    if (data === '\x03' && !this.ended) {
      this.write('\r\n^C cancelling…\r\n');
      this.options.onCancel();
    }
  }

  /** Renders one event straight away: the latency goal leaves no room for extra batching. */
  onEvent(e: RunEvent): void {
    if (this.disposed) return;
    this.write(this.renderer.render(e));
    if (e.type === 'step-log') {
      // Output without a newline (a prompt, a progress dot) shows after a short pause rather than never.
      clearTimeout(this.partialTimer);
      this.partialTimer = setTimeout(() => this.write(this.renderer.flushPartials()), 300);
    }
    if (e.type === 'run-end') {
      this.ended = true;
      clearInterval(this.timer);
      clearTimeout(this.partialTimer);
      if (this.options.closeOnEnd) {
        const code = e.status === 'success' ? 0 : 1;
        // Let the summary reach the terminal before it closes.
        setTimeout(() => this.closeEmitter.fire(code), 50);
      }
    }
  }

  /** Writes a line of its own (e.g. why a run could not start). */
  writeLine(text: string): void {
    this.write(`${text.replace(/\r?\n/g, '\r\n')}\r\n`);
  }

  /** Ends a task terminal that never started a run. */
  fail(message: string): void {
    this.writeLine(message);
    this.ended = true;
    if (this.options.closeOnEnd) setTimeout(() => this.closeEmitter.fire(1), 50);
  }

  private write(text: string): void {
    if (!text || this.disposed) return;
    if (!this.opened) {
      this.pending.push(text);
      return;
    }
    this.writeEmitter.fire(text);
    this.sample(text);
  }

  private sample(text: string): void {
    if (!text.includes('ansflow-latency-probe:')) return;
    const now = Date.now();
    for (const m of text.matchAll(LATENCY_PROBE)) this.latency.samples.push(now - Number(m[1]));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.timer);
    clearTimeout(this.partialTimer);
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }
}
