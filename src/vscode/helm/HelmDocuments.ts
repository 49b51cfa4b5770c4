// Read-only documents of release revisions (ansflow-helm: URIs), used by the show commands and as
// both sides of the revision diff. Content comes from the watched model when the release is on
// screen, else from one native read of its storage.
import * as vscode from 'vscode';
import { getHelmRelease, type HelmRelease } from '../../core/clients/helm/index.js';
import { helmDocumentPath, helmDocumentText, parseHelmDocumentPath, type HelmDocumentRef, type HelmReleasesModel } from '../../core/views/helm/index.js';
import type { KubeSelection } from '../kubernetes/KubeSelection.js';

export const HELM_SCHEME = 'ansflow-helm';

/** See the file comment. */
export class HelmDocuments implements vscode.TextDocumentContentProvider {
  constructor(
    private readonly model: HelmReleasesModel,
    private readonly selection: KubeSelection,
  ) {}

  /** The URI of a document. */
  static uri(ref: HelmDocumentRef): vscode.Uri {
    return vscode.Uri.from({ scheme: HELM_SCHEME, path: helmDocumentPath(ref) });
  }

  /** A revision, from the model's cache or read from the cluster. */
  async release(context: string, namespace: string, name: string, revision: number, signal?: AbortSignal): Promise<HelmRelease> {
    const cached = this.model.history(context, namespace, name).find((r) => r.revision === revision);
    if (cached) return cached;
    const read = await getHelmRelease(this.selection.client(context), name, namespace, revision, signal);
    if (!read) throw new Error(`Revision ${revision} of ${name} (namespace ${namespace}) is not stored in context ${context}.`);
    return read;
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const ref = parseHelmDocumentPath(uri.path);
    if (!ref) return `Not a Helm release document: ${uri.toString()}`;
    const ac = new AbortController();
    const sub = token.onCancellationRequested(() => ac.abort());
    try {
      return helmDocumentText(await this.release(ref.context, ref.namespace, ref.release, ref.revision, ac.signal), ref.part);
    } catch (e) {
      return `# Could not read ${ref.release} revision ${ref.revision}: ${(e as Error).message}\n`;
    } finally {
      sub.dispose();
    }
  }
}
