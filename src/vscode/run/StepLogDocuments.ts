// Read-only virtual documents with one step's full log (`ansflow-log:/<runId>/<step>.log`). While the
// run is live the document updates and editors at its end follow new output; finished runs read
// the run store's log file.
import * as vscode from 'vscode';
import { stripAnsi } from '../../core/problems/index.js';
import type { RunService } from './RunService.js';

/** The URI scheme of step logs. */
export const LOG_SCHEME = 'ansflow-log';

/** URI of one step's log in one run. */
export function stepLogUri(runId: string, step: string): vscode.Uri {
  return vscode.Uri.from({ scheme: LOG_SCHEME, path: `/${runId}/${encodeURIComponent(step)}.log` });
}

/** Run id and step key from a log URI. */
export function parseStepLogUri(uri: vscode.Uri): { runId: string; step: string } | undefined {
  const m = /^\/([^/]+)\/(.+)\.log$/.exec(uri.path);
  return m ? { runId: m[1], step: decodeURIComponent(m[2]) } : undefined;
}

/** Serves and refreshes step log documents. */
export class StepLogDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly service: RunService) {
    this.subs.push(
      service.onDidRunEvent(({ runId, event }) => {
        if (event.type !== 'step-log' && event.type !== 'step-end' && event.type !== 'step-start') return;
        const uri = stepLogUri(runId, event.step);
        if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return;
        this.dirty.add(uri.toString());
        // Coalesce: a document re-read per batch would cost more than the output itself.
        this.timer ??= setTimeout(() => this.flush(), 200);
      }),
    );
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const ref = parseStepLogUri(uri);
    if (!ref) return '';
    const live = this.service.get(ref.runId)?.model.steps.get(ref.step);
    if (live) return stripAnsi((live.truncated ? '[earlier output trimmed here; the run store keeps all of it]\n' : '') + live.log);
    for (const h of this.histories()) {
      const text = h.readLog(ref.runId, ref.step);
      if (text !== undefined) return stripAnsi(text);
    }
    return `No log for step ${ref.step} of run ${ref.runId}.`;
  }

  /** Opens a step's log beside the terminal. */
  async open(runId: string, step: string): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(stepLogUri(runId, step));
    const editor = await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: false });
    const last = doc.lineCount - 1;
    editor.revealRange(new vscode.Range(last, 0, last, 0), vscode.TextEditorRevealType.Default);
  }

  private histories() {
    const folders = vscode.workspace.workspaceFolders ?? [];
    return folders.map((f) => this.service.history(f.uri));
  }

  private flush(): void {
    this.timer = undefined;
    const uris = [...this.dirty];
    this.dirty.clear();
    for (const s of uris) {
      const uri = vscode.Uri.parse(s);
      // Follow only editors already at the end, so scrolling back to read is not interrupted.
      const following = vscode.window.visibleTextEditors.filter(
        (e) => e.document.uri.toString() === s && e.visibleRanges.some((r) => r.end.line >= e.document.lineCount - 2),
      );
      this.changed.fire(uri);
      if (following.length) {
        setTimeout(() => {
          for (const e of following) {
            const last = e.document.lineCount - 1;
            e.revealRange(new vscode.Range(last, 0, last, 0));
          }
        }, 50);
      }
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subs) s.dispose();
    this.changed.dispose();
  }
}
