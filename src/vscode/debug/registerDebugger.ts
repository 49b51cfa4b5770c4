// The `ansflow` debug type: an inline adapter handing DAP messages to the core's DapSession. Runs
// are recorded in the folder's `.ansflow/runs` and in the audit trail; secrets come from env and files as in the CLI.
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { DapSession } from '../../core/runner/debug/dap/DapSession.js';
import type { DapRequest } from '../../core/runner/debug/dap/dapMessages.js';
import { EnvFileSecretProvider, RunStore } from '../../core/runner/index.js';
import type { AnsflowContext } from '../AnsflowContext.js';
import { ensureTrusted } from '../run/trust.js';
import { recordRunEnd } from '../../core/observability/audit/index.js';
import { editorAudit } from '../observability/auditTrail.js';

class InlineAdapter implements vscode.DebugAdapter {
  private readonly sent = new vscode.EventEmitter<vscode.DebugProtocolMessage>();
  readonly onDidSendMessage = this.sent.event;
  private readonly session = new DapSession(
    (m) => this.sent.fire(m),
    (file) => {
      const root = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath ?? dirname(file);
      return { workspace: dirname(file), store: new RunStore({ root: join(root, '.ansflow', 'runs') }), secrets: new EnvFileSecretProvider({ env: process.env, baseDir: dirname(file) }) };
    },
    (run, file, name) => void recordRunEnd(editorAudit(), run, file, name, 'debug'),
  );

  handleMessage(message: vscode.DebugProtocolMessage): void {
    void this.session.handle(message as DapRequest);
  }

  dispose(): void {
    // A closed session must not leave its run going.
    this.session.run?.cancel('debug session ended');
    this.sent.dispose();
  }
}

export function registerDebugger(ctx: AnsflowContext): void {
  ctx.register(
    vscode.debug.registerDebugAdapterDescriptorFactory('ansflow', {
      async createDebugAdapterDescriptor() {
        if (!(await ensureTrusted('debug this pipeline'))) return undefined;
        return new vscode.DebugAdapterInlineImplementation(new InlineAdapter());
      },
    }),
  );
}
