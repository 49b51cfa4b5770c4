// Read-only editor tabs for cluster objects (describe text, YAML, dry-run results), served from
// memory under the ansflow-kube: scheme so nothing is written to disk and tabs cannot be saved.
import * as vscode from 'vscode';

export const KUBE_SCHEME = 'ansflow-kube';

/** See the file comment. */
export class KubeDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** Stores `text` at a path such as `ctx/ns/Pod/web.yaml` and returns its URI (re-using the tab). */
  put(path: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: KUBE_SCHEME, path: `/${path}` });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** Opens a read-only tab. */
  async show(path: string, text: string, language?: string): Promise<vscode.TextEditor> {
    const uri = this.put(path, text);
    let doc = await vscode.workspace.openTextDocument(uri);
    if (language && doc.languageId !== language) doc = await vscode.languages.setTextDocumentLanguage(doc, language);
    return vscode.window.showTextDocument(doc, { preview: true });
  }

  dispose(): void {
    this.changed.dispose();
    this.texts.clear();
  }
}
