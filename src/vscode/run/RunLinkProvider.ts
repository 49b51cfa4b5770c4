// Makes `file:line[:col]` in run terminals clickable, resolving relative paths against the step's
// working directory (a Pseudoterminal has no cwd of its own for VS Code to use).
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { findFileLinks, stepOfLine } from './fileLinks.js';
import { findStep } from './runDiagnostics.js';
import type { RunService } from './RunService.js';

interface RunLink extends vscode.TerminalLink {
  file: string;
  line: number;
  column?: number;
}

/** See the file comment. */
export class RunLinkProvider implements vscode.TerminalLinkProvider<RunLink> {
  constructor(private readonly service: RunService) {}

  provideTerminalLinks(context: vscode.TerminalLinkContext): RunLink[] {
    const run = this.service.active().find((r) => r.vsTerminal === context.terminal);
    if (!run) return [];
    const step = stepOfLine(context.line);
    const def = step ? findStep(run.parsed, run.model.steps.get(step)?.stepId ?? step) : undefined;
    const base = dirname(run.uri.fsPath);
    const wd = def?.workingDirectory ?? run.parsed.pipeline.defaults.workingDirectory;
    const cwd = wd ? resolve(base, wd) : base;
    const out: RunLink[] = [];
    for (const l of findFileLinks(context.line)) {
      const file = isAbsolute(l.path) ? l.path : resolve(cwd, l.path);
      if (!existsSync(file)) continue;
      out.push({ startIndex: l.startIndex, length: l.length, tooltip: `Open ${l.path} at line ${l.line}`, file, line: l.line, column: l.column });
    }
    return out;
  }

  async handleTerminalLink(link: RunLink): Promise<void> {
    const pos = new vscode.Position(Math.max(0, link.line - 1), Math.max(0, (link.column ?? 1) - 1));
    await vscode.window.showTextDocument(vscode.Uri.file(link.file), { selection: new vscode.Range(pos, pos) });
  }
}
