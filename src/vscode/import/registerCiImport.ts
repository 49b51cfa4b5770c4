// "AnsFlow: Import CI Definition…": converts the chosen (or active) CI file with the core importer,
// writes the pipeline where importTarget says (asking before overwriting) and opens it beside the
// source. Placeholder steps show in the Problems panel through the validator's placeholder-step rule;
// the other import notes (a dropped runner label, a changed meaning) are diagnostics of their own,
// shown while the document holds exactly the text written (after an edit their lines would drift).
import * as vscode from 'vscode';
import { isPipelineFile } from '../../core/pipeline/pipelineFiles.js';
import type { AnsflowContext } from '../AnsflowContext.js';
import type { NoteDiagnostic } from '../../core/import/noteDiagnostics.js';

export interface CiImportResult {
  target: string;
  warnings: number;
}

async function sourceUri(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const active = vscode.window.activeTextEditor?.document;
  if (active && active.uri.scheme === 'file' && /\.ya?ml$/i.test(active.fileName) && !isPipelineFile(active.fileName)) return active.uri;
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Import', filters: { 'CI definitions': ['yml', 'yaml'] }, title: 'Import a GitHub Actions workflow, .gitlab-ci.yml or Taskfile' });
  return picked?.[0];
}

const NOTE_SOURCE = 'ansflow import';

function noteDiagnostic(doc: vscode.TextDocument, note: NoteDiagnostic): vscode.Diagnostic {
  const line = doc.lineAt(Math.min(Math.max(note.line - 1, 0), doc.lineCount - 1));
  const range = new vscode.Range(line.lineNumber, line.firstNonWhitespaceCharacterIndex, line.lineNumber, line.range.end.character);
  const d = new vscode.Diagnostic(range, note.message, vscode.DiagnosticSeverity.Warning);
  d.source = NOTE_SOURCE;
  d.code = `import-${note.kind}`;
  return d;
}

export function registerCiImport(ctx: AnsflowContext): void {
  const notes = ctx.register(vscode.languages.createDiagnosticCollection(NOTE_SOURCE));
  // Per imported file: the text written and its notes, shown exactly while the document holds that
  // text (a reload from disk may pass through other content and come back to it).
  const written = new Map<string, { text: string; found: NoteDiagnostic[] }>();
  const refresh = (doc: vscode.TextDocument): void => {
    const entry = written.get(doc.uri.toString());
    if (!entry) return;
    if (doc.getText() === entry.text) notes.set(doc.uri, entry.found.map((n) => noteDiagnostic(doc, n)));
    else notes.delete(doc.uri);
  };
  ctx.register(vscode.workspace.onDidChangeTextDocument((e) => refresh(e.document)));
  // The walkthrough's "Import an existing CI file" step shows once this command exists.
  void vscode.commands.executeCommand('setContext', 'ansflow.ciImportAvailable', true);
  ctx.registerCommand('importCi', async (arg?: unknown, options?: unknown): Promise<CiImportResult | undefined> => {
    const uri = await sourceUri(arg);
    if (!uri) return undefined;
    const { importCi, emitDraft, importTarget, noteDiagnostics } = await import('../../core/import/editorImport.js');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const result = importCi(uri.fsPath, text);
    if (!result.ok) {
      const first = result.errors[0];
      void vscode.window.showErrorMessage(`AnsFlow: cannot import ${vscode.workspace.asRelativePath(uri)}${first?.line ? ` (line ${first.line})` : ''}: ${first?.message ?? 'unknown error'}`);
      return undefined;
    }
    const target = vscode.Uri.file(importTarget(uri.fsPath));
    const exists = await vscode.workspace.fs.stat(target).then(
      () => true,
      () => false,
    );
    // Automation (the e2e test) may pass { overwrite: true }; people are always asked.
    const overwrite = (options as { overwrite?: boolean } | undefined)?.overwrite === true;
    if (exists && !overwrite) {
      const choice = await vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(target)} already exists. Replace it with the imported pipeline?`, { modal: true }, 'Replace');
      if (choice !== 'Replace') return undefined;
    }
    const { text: pipelineText } = emitDraft(result.draft);
    const found = noteDiagnostics(pipelineText, result.draft.warnings);
    notes.delete(target);
    written.set(target.toString(), { text: pipelineText, found });
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(pipelineText));
    const editor = await vscode.window.showTextDocument(target, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    // An editor already open on the old file shows the new text a moment later (a change event).
    if (editor.document.getText() === pipelineText) refresh(editor.document);
    const standIns = result.draft.warnings.filter((w) => w.kind === 'stand-in').length;
    const others = found.length;
    void vscode.window.showInformationMessage(`AnsFlow: imported ${vscode.workspace.asRelativePath(uri)} into ${vscode.workspace.asRelativePath(target)}: ${standIns} placeholder step${standIns === 1 ? '' : 's'} to replace and ${others} other note${others === 1 ? '' : 's'} to check (Problems panel, and comments in the file).`);
    return { target: target.toString(), warnings: result.draft.warnings.length };
  });
}
