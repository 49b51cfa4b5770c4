// Owns the Problems-panel entries runs produce: one DiagnosticCollection per pipeline file, cleared
// when the next run of that pipeline starts. Step output goes through the pure problem matchers
// (one scanner per step and stream, so multi-line formats are not interleaved).
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { RunEvent } from '../../core/contracts/events.js';
import type { ParsedPipeline } from '../../core/pipeline/model.js';
import { hintsForStep, ProblemScanner, stripAnsi, type Problem } from '../../core/problems/index.js';
import { lastLines } from './format.js';
import type { RunModel } from './RunModel.js';
import { findStep, groupByFile, problemDiagnostic, stepFailureDiagnostic, type RunDiagnostic } from './runDiagnostics.js';

const SEVERITY: Record<RunDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

function toVscode(d: RunDiagnostic): vscode.Diagnostic {
  const diag = new vscode.Diagnostic(new vscode.Range(d.start.line, d.start.character, d.end.line, d.end.character), d.message, SEVERITY[d.severity]);
  diag.source = d.source;
  if (d.code) diag.code = d.code;
  return diag;
}

function safeRead(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Feeds one run's events into its pipeline's diagnostics. Created per run by {@link RunDiagnosticsController.begin}. */
export class RunDiagnosticsSession {
  private readonly scanners = new Map<string, ProblemScanner>();
  private readonly diags: RunDiagnostic[] = [];

  constructor(
    private readonly collection: vscode.DiagnosticCollection,
    private readonly parsed: ParsedPipeline,
    private readonly file: string,
    private readonly model: RunModel,
  ) {
    collection.clear();
  }

  onEvent(e: RunEvent): void {
    if (e.type === 'step-log' && e.stream !== 'system') {
      this.add(this.scanner(e.step, e.stream).push(e.text), e.step);
    } else if (e.type === 'step-end') {
      for (const stream of ['stdout', 'stderr']) {
        const key = `${e.step}\u0000${stream}`;
        const s = this.scanners.get(key);
        if (s) this.add(s.end(), e.step);
        this.scanners.delete(key);
      }
      if (e.status === 'failed' || e.status === 'timed-out') {
        const log = this.model.steps.get(e.step)?.log ?? '';
        const d = stepFailureDiagnostic(this.parsed, this.file, {
          step: e.step,
          stepId: e.stepId,
          status: e.status,
          exitCode: e.exitCode,
          reason: e.reason,
          lastLines: lastLines(stripAnsi(log), 5),
        });
        if (d) {
          this.diags.push(d);
          this.publish();
        }
      }
    }
  }

  private scanner(step: string, stream: string): ProblemScanner {
    const key = `${step}\u0000${stream}`;
    let s = this.scanners.get(key);
    if (!s) {
      const def = findStep(this.parsed, this.model.steps.get(step)?.stepId ?? step);
      const base = dirname(this.file);
      const wd = def?.workingDirectory ?? this.parsed.pipeline.defaults.workingDirectory;
      s = new ProblemScanner({ cwd: wd ? resolve(base, wd) : base, readFile: safeRead, hints: def ? hintsForStep(def.type, def.with) : undefined });
      this.scanners.set(key, s);
    }
    return s;
  }

  private add(problems: Problem[], step: string): void {
    if (!problems.length) return;
    for (const p of problems) this.diags.push(problemDiagnostic(p, step));
    this.publish();
  }

  private publish(): void {
    this.collection.clear();
    for (const [file, list] of groupByFile(this.diags)) this.collection.set(vscode.Uri.file(file), list.map(toVscode));
  }
}

/** One collection per pipeline file; see {@link RunDiagnosticsSession}. */
export class RunDiagnosticsController implements vscode.Disposable {
  private readonly collections = new Map<string, vscode.DiagnosticCollection>();

  /** Starts the diagnostics of a new run, replacing those of the pipeline's previous run. */
  begin(parsed: ParsedPipeline, file: string, model: RunModel): RunDiagnosticsSession {
    let c = this.collections.get(file);
    if (!c) {
      c = vscode.languages.createDiagnosticCollection(`ansflow-run:${file}`);
      this.collections.set(file, c);
    }
    return new RunDiagnosticsSession(c, parsed, file, model);
  }

  /** Clears what runs of one pipeline reported. */
  clear(file: string): void {
    this.collections.get(file)?.clear();
  }

  dispose(): void {
    for (const c of this.collections.values()) c.dispose();
    this.collections.clear();
  }
}
