// The `ansflow` debug type: an inline adapter handing DAP messages to the core's DapSession. Runs
// start as runs from the editor do (RunService.debugRunOptions: run store, secrets, approvals, settings)
// and are recorded in the audit trail.
// Each run streams to its own run terminal as well as the Debug Console; a step that fails under
// breakOnFailure brings that terminal (its log) forward. "Debug Pipeline" (code lens, palette) starts a session.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { DapSession } from '../../core/runner/debug/dap/DapSession.js';
import { pausedSteps } from '../../core/runner/debug/pausedSteps.js';
import type { DapRequest } from '../../core/runner/debug/dap/dapMessages.js';
import type { RunHandle } from '../../core/runner/runTypes.js';
import type { AnsflowContext } from '../AnsflowContext.js';
import type { RunService } from '../run/RunService.js';
import { RunTerminal } from '../run/RunTerminal.js';
import { pickPipeline } from '../run/targets.js';
import { ensureTrusted } from '../run/trust.js';
import { recordRunEnd } from '../../core/observability/audit/index.js';
import { editorAudit } from '../observability/auditTrail.js';

class InlineAdapter implements vscode.DebugAdapter {
  private readonly sent = new vscode.EventEmitter<vscode.DebugProtocolMessage>();
  readonly onDidSendMessage = this.sent.event;
  private terminal: vscode.Terminal | undefined;
  private readonly session: DapSession;

  constructor(runs: RunService) {
    this.session = new DapSession(
      (m) => this.sent.fire(m),
      // As a run from the editor: its run store and retention, SecretStorage secrets, approvals and settings.
      (file) => {
        const options = runs.debugRunOptions(vscode.Uri.file(file));
        if (!options) throw new Error(`cannot read the pipeline file ${file}`);
        return options;
      },
      (run, file, name) => {
        void recordRunEnd(editorAudit(), run, file, name, 'debug');
        this.openTerminal(run, name ?? basename(file));
      },
      (held) => {
        if (held.failure) this.terminal?.show(true);
      },
      pausedSteps,
    );
  }

  handleMessage(message: vscode.DebugProtocolMessage): void {
    void this.session.handle(message as DapRequest);
  }

  /** The run terminal keeps streaming while steps are paused; closing it (or Ctrl+C) cancels the run. */
  private openTerminal(run: RunHandle, title: string): void {
    const pty = new RunTerminal({ closeOnEnd: false, onCancel: () => run.cancel('terminal closed or Ctrl+C') });
    const sub = run.onEvent((e) => {
      pty.onEvent(e);
      if (e.type === 'run-end') sub.dispose();
    });
    this.terminal = vscode.window.createTerminal({ name: `AnsFlow Debug: ${title}`, pty, iconPath: new vscode.ThemeIcon('debug-alt') });
  }

  dispose(): void {
    // A closed session must not leave its run going.
    this.session.cancel('debug session ended');
    this.sent.dispose();
  }
}

export function registerDebugger(ctx: AnsflowContext, runs: RunService): void {
  ctx.register(
    vscode.debug.registerDebugAdapterDescriptorFactory('ansflow', {
      async createDebugAdapterDescriptor() {
        if (!(await ensureTrusted('debug this pipeline'))) return undefined;
        return new vscode.DebugAdapterInlineImplementation(new InlineAdapter(runs));
      },
    }),
  );

  ctx.registerCommand('debugPipeline', async (arg?: unknown) => {
    const uri = await pickPipeline(arg);
    if (!uri || !(await ensureTrusted('debug pipelines'))) return undefined;
    return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(uri), { type: 'ansflow', request: 'launch', name: `Debug ${basename(uri.fsPath)}`, pipeline: uri.fsPath });
  });
}
