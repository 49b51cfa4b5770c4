// `docker inspect` output as read-only JSON documents: a content provider on its own scheme, so the
// editor offers no save, and reopening the same object refreshes it.
import * as vscode from 'vscode';
import type { DockerSession } from './DockerSession.js';

/** The scheme of inspect documents: `ansflow-docker:/container/<id>/<name>.json`. */
export const INSPECT_SCHEME = 'ansflow-docker';

export type InspectKind = 'container' | 'image' | 'volume' | 'network';

/** Serves inspect documents from the current engine. */
export class InspectDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly session: DockerSession) {}

  /** The document address for an object (the label only makes the tab readable). */
  static uri(kind: InspectKind, id: string, label: string): vscode.Uri {
    return vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${kind}/${encodeURIComponent(id)}/${label.replace(/[^\w.-]+/g, '_')}.json` });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const [, kind, rawId] = uri.path.split('/');
    const id = decodeURIComponent(rawId);
    const client = this.session.client();
    const body =
      kind === 'container' ? await client.inspectContainer(id) : kind === 'image' ? await client.inspectImage(id) : kind === 'volume' ? await client.inspectVolume(id) : await client.inspectNetwork(id);
    return `${JSON.stringify(body, null, 2)}\n`;
  }

  /** Opens (or re-reads) the inspect document of an object. */
  async open(kind: InspectKind, id: string, label: string): Promise<vscode.TextEditor> {
    const uri = InspectDocuments.uri(kind, id, label);
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'json');
    return vscode.window.showTextDocument(doc, { preview: true });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
