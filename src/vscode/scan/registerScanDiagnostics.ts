// Editor glue for the security checks: diagnostics (source `ansflow-scan`) on open Kubernetes YAML and
// Dockerfiles, and code actions for quick fixes and suppression comments. The scanner is imported on
// the first scannable document, never at activation; `ansflow.scan.enabled` turns it all off.
import * as vscode from 'vscode';
import type { AnsflowContext } from '../AnsflowContext.js';
import type { ScanFinding, TextEdit } from '../../core/scan/types.js';

type Scanner = typeof import('../../core/scan/documentScan.js');

const SOURCE = 'ansflow-scan';
const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information } as const;
// Cheap pre-filter so plain YAML and other files never load the scanner.
const MAYBE = /^\s*(?:-\s+)?apiVersion\s*:/m;

interface Scanned {
  version: number;
  findings: Map<vscode.Diagnostic, ScanFinding>;
  text: string;
}

function enabled(): boolean {
  return vscode.workspace.getConfiguration('ansflow').get<boolean>('scan.enabled', true);
}

function candidate(doc: vscode.TextDocument): boolean {
  if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled') return false;
  if (doc.languageId === 'dockerfile' || /(^|[\\/])(Dockerfile|Containerfile)([.][\w.-]+)?$|\.(dockerfile|containerfile)$/i.test(doc.fileName)) return true;
  return doc.languageId === 'yaml' && MAYBE.test(doc.getText());
}

export function registerScanDiagnostics(ctx: AnsflowContext): void {
  const collection = ctx.register(vscode.languages.createDiagnosticCollection(SOURCE));
  const scanned = new Map<string, Scanned>();
  const timers = new Map<string, NodeJS.Timeout>();
  let scanner: Promise<Scanner> | undefined;
  const load = () => (scanner ??= import('../../core/scan/documentScan.js'));

  const clear = (doc: vscode.TextDocument) => {
    collection.delete(doc.uri);
    scanned.delete(doc.uri.toString());
  };
  const update = async (doc: vscode.TextDocument) => {
    if (!enabled() || !candidate(doc)) return clear(doc);
    const s = await load();
    const text = doc.getText();
    const findings = s.scanDocument(doc.fileName, doc.languageId, text);
    if (!findings || doc.isClosed) return clear(doc);
    const map = new Map<vscode.Diagnostic, ScanFinding>();
    const diags = findings.map((f) => {
      const d = new vscode.Diagnostic(new vscode.Range(f.line - 1, f.column - 1, f.endLine - 1, f.endColumn - 1), `${f.message} ${f.fix}`, SEVERITY[s.diagnosticSeverity(f.severity)]);
      d.source = SOURCE;
      d.code = f.rule;
      map.set(d, f);
      return d;
    });
    scanned.set(doc.uri.toString(), { version: doc.version, findings: map, text });
    collection.set(doc.uri, diags);
  };
  const schedule = (doc: vscode.TextDocument, delay: number) => {
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => {
      timers.delete(key);
      update(doc).catch((e: unknown) => ctx.log.error('security scan failed', e));
    }, delay));
  };

  ctx.register(vscode.workspace.onDidOpenTextDocument((d) => schedule(d, 0)));
  ctx.register(vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document, 250)));
  ctx.register(vscode.workspace.onDidCloseTextDocument((d) => clear(d)));
  ctx.register(vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('ansflow.scan.enabled')) for (const d of vscode.workspace.textDocuments) schedule(d, 0);
  }));
  ctx.register({ dispose: () => timers.forEach((t) => clearTimeout(t)) });
  for (const d of vscode.workspace.textDocuments) schedule(d, 0);

  const toEdit = (doc: vscode.TextDocument, e: TextEdit) => {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
    return edit;
  };
  ctx.register(
    vscode.languages.registerCodeActionsProvider(
      [{ language: 'yaml' }, { language: 'dockerfile' }, { pattern: '**/{Dockerfile,Containerfile}*' }],
      {
        async provideCodeActions(doc, _range, context) {
          const state = scanned.get(doc.uri.toString());
          // Offsets belong to the scanned text: stale findings get no actions until the rescan.
          if (!state || state.version !== doc.version) return [];
          const s = await load();
          const actions: vscode.CodeAction[] = [];
          for (const d of context.diagnostics) {
            const f = d.source === SOURCE ? state.findings.get(d) : undefined;
            if (!f) continue;
            if (f.quickFix) {
              const a = new vscode.CodeAction(f.quickFix.title, vscode.CodeActionKind.QuickFix);
              a.edit = toEdit(doc, f.quickFix.edit);
              a.diagnostics = [d];
              a.isPreferred = true;
              actions.push(a);
            }
            for (const scope of ['object', 'file'] as const) {
              const a = new vscode.CodeAction(`Ignore ${f.rule} ${scope === 'object' ? (doc.languageId === 'dockerfile' ? 'in this stage' : 'for this object') : 'in this file'}`, vscode.CodeActionKind.QuickFix);
              a.edit = toEdit(doc, s.suppressionEdit(state.text, f, scope));
              a.diagnostics = [d];
              actions.push(a);
            }
          }
          return actions;
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
  );
}
