// Keeps the language worker's copy of every open pipeline document current: the whole text on open,
// VS Code's content changes on each edit (a few bytes instead of the whole text per keystroke).
import * as vscode from 'vscode';
import type { LanguageWorkerClient, OpenDocumentState } from '../../language/worker/LanguageWorkerClient.js';
import { PIPELINE_LANGUAGE } from './PipelineDiagnostics.js';

/** The state the worker needs of a pipeline document. */
export function documentState(d: vscode.TextDocument): OpenDocumentState {
  return { uri: d.uri.toString(), version: d.version, text: d.getText(), file: d.uri.scheme === 'file' ? d.uri.fsPath : undefined };
}

/** Every open pipeline document (what a restarted worker is given). */
export function openPipelineDocuments(): OpenDocumentState[] {
  return vscode.workspace.textDocuments.filter((d) => d.languageId === PIPELINE_LANGUAGE && !d.isClosed).map(documentState);
}

/** Forwards opens, edits and closes of pipeline documents, and the workspace folders, to the client. */
export function syncDocuments(client: LanguageWorkerClient): vscode.Disposable {
  const folders = (): string[] => (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  client.setFolders(folders());
  // The client sends these when the worker starts; documents opened later come through the events.
  const sent = new Set(openPipelineDocuments().map((d) => d.uri));
  return vscode.Disposable.from(
    vscode.workspace.onDidOpenTextDocument((d) => {
      if (d.languageId !== PIPELINE_LANGUAGE || sent.has(d.uri.toString())) return;
      sent.add(d.uri.toString());
      client.open(documentState(d));
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (!sent.has(e.document.uri.toString()) || e.contentChanges.length === 0) return;
      const changes = e.contentChanges.map((c) => ({ offset: c.rangeOffset, length: c.rangeLength, text: c.text }));
      client.change(e.document.uri.toString(), e.document.version, { changes });
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      if (sent.delete(d.uri.toString())) client.close(d.uri.toString());
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => client.setFolders(folders())),
  );
}
