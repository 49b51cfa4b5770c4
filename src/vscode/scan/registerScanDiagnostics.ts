// Editor glue for the security checks: diagnostics (source `ansflow-scan`) on open Kubernetes YAML and
// Dockerfiles and, in the background, on the workspace's files (kept current by a file watcher), and
// code actions for quick fixes and suppression. The scanner is imported on the first scannable
// document or after activation for the workspace pass, never during activation; `ansflow.scan.enabled`
// turns it all off and `ansflow.scan.workspace` the unopened files. Which files and the findings
// (NetworkPolicy coverage across files included) come from core/scan/workspaceScan.ts.
import * as vscode from 'vscode';
import type { AnsflowContext } from '../AnsflowContext.js';
import type { ScanFinding, TextEdit } from '../../core/scan/types.js';

type Core = typeof import('../../core/scan/workspaceScan.js');
interface Loaded {
  core: Core;
  ws: InstanceType<Core['WorkspaceScanner']>;
}

const SOURCE = 'ansflow-scan';
const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information } as const;
// Cheap pre-filter so plain YAML and other files never load the scanner.
const MAYBE = /^\s*(?:-\s+)?apiVersion\s*:/m;
// Activation stays free of the scanner: the workspace pass starts a moment later.
const WORKSPACE_START_MS = 1500;
// File-watcher events are gathered for this long, then rescanned one file at a time.
const WATCH_BATCH_MS = 300;

interface ActionState {
  version: number;
  findings: Map<vscode.Diagnostic, ScanFinding>;
  text: string;
}

function settings(): { enabled: boolean; workspace: boolean } {
  const c = vscode.workspace.getConfiguration('ansflow');
  return { enabled: c.get<boolean>('scan.enabled', true), workspace: c.get<boolean>('scan.workspace', true) };
}

function candidate(doc: vscode.TextDocument): boolean {
  if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled') return false;
  if (doc.languageId === 'dockerfile' || /(^|[\\/])(Dockerfile|Containerfile)([.][\w.-]+)?$|\.(dockerfile|containerfile)$/i.test(doc.fileName)) return true;
  return doc.languageId === 'yaml' && MAYBE.test(doc.getText());
}

const openDoc = (key: string) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === key && !d.isClosed);

export function registerScanDiagnostics(ctx: AnsflowContext): void {
  const collection = ctx.register(vscode.languages.createDiagnosticCollection(SOURCE));
  const actionStates = new Map<string, ActionState>();
  const openVersions = new Map<string, { version: number; text: string }>();
  const timers = new Map<string, NodeJS.Timeout>();
  let loaded: Promise<Loaded> | undefined;
  const load = () => (loaded ??= import('../../core/scan/workspaceScan.js').then((core) => ({ core, ws: new core.WorkspaceScanner() })));
  const fail = (e: unknown) => ctx.log.error('security scan failed', e);

  const publish = ({ core, ws }: Loaded, key: string) => {
    const uri = vscode.Uri.parse(key);
    const findings = ws.findings(key);
    if (!findings) {
      collection.delete(uri);
      actionStates.delete(key);
      return;
    }
    const map = new Map<vscode.Diagnostic, ScanFinding>();
    const diags = findings.map((f) => {
      const d = new vscode.Diagnostic(new vscode.Range(f.line - 1, f.column - 1, f.endLine - 1, f.endColumn - 1), `${f.message} ${f.fix}`, SEVERITY[core.diagnosticSeverity(f.severity)]);
      d.source = SOURCE;
      d.code = f.rule;
      map.set(d, f);
      return d;
    });
    const open = openVersions.get(key);
    if (open) actionStates.set(key, { ...open, findings: map });
    else actionStates.delete(key);
    collection.set(uri, diags);
  };
  const afterUpdate = (l: Loaded, key: string, coverageChanged: boolean) => {
    if (coverageChanged) for (const k of new Set([...l.ws.manifestKeys(), key])) publish(l, k);
    else publish(l, key);
  };
  const forget = async (key: string) => {
    openVersions.delete(key);
    actionStates.delete(key);
    collection.delete(vscode.Uri.parse(key));
    if (!loaded) return;
    const l = await loaded;
    if (l.ws.remove(key)) afterUpdate(l, key, true);
  };

  // Open documents: their unsaved text wins over the file on disk.
  const updateDoc = async (doc: vscode.TextDocument) => {
    const key = doc.uri.toString();
    if (!settings().enabled || !candidate(doc)) return forget(key);
    const l = await load();
    if (doc.isClosed) return;
    const text = doc.getText();
    openVersions.set(key, { version: doc.version, text });
    const r = l.ws.update(key, doc.fileName, doc.languageId, text);
    afterUpdate(l, key, r.coverageChanged);
  };
  const schedule = (doc: vscode.TextDocument, delay: number) => {
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => {
      timers.delete(key);
      updateDoc(doc).catch(fail);
    }, delay));
  };

  // Workspace files: found once, then kept current by the watcher; one file at a time, cancellable.
  let pass: vscode.CancellationTokenSource | undefined;
  let watcher: vscode.Disposable | undefined;
  const pending = new Set<string>();
  let batch: NodeJS.Timeout | undefined;
  let draining = false;

  const scanFile = async (l: Loaded, uri: vscode.Uri, hidden: (rel: string) => boolean) => {
    const key = uri.toString();
    if (openDoc(key)) return;
    if (!vscode.workspace.getWorkspaceFolder(uri)) return forget(key);
    const rel = vscode.workspace.asRelativePath(uri, false);
    let size: number;
    try {
      size = (await vscode.workspace.fs.stat(uri)).size;
    } catch {
      return forget(key);
    }
    if (hidden(rel) || !l.core.worthScanning(uri.fsPath, size)) return forget(key);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    if (openDoc(key)) return;
    const r = l.ws.update(key, uri.fsPath, l.core.languageOf(uri.fsPath), text);
    afterUpdate(l, key, r.coverageChanged);
  };
  const excludes = (l: Loaded) => l.core.excludedBy(
    vscode.workspace.getConfiguration('files').get<Record<string, unknown>>('exclude'),
    vscode.workspace.getConfiguration('search').get<Record<string, unknown>>('exclude'),
  );
  let again = false;
  // One drain at a time; a call during a drain makes it go round again. It stops when the pass is cancelled.
  const drain = async () => {
    if (draining) {
      again = true;
      return;
    }
    draining = true;
    try {
      const l = await load();
      do {
        again = false;
        const hidden = excludes(l);
        for (const key of pending) {
          if (!pass || pass.token.isCancellationRequested) return;
          pending.delete(key);
          await scanFile(l, vscode.Uri.parse(key), hidden).catch(fail);
          await new Promise((r) => setImmediate(r));
        }
      } while (again);
    } finally {
      draining = false;
    }
  };
  const startWorkspace = async () => {
    const { enabled, workspace } = settings();
    if (!enabled || !workspace || !vscode.workspace.workspaceFolders?.length) return;
    const source = (pass = new vscode.CancellationTokenSource());
    const l = await load();
    const token = source.token;
    if (token.isCancellationRequested) return;
    const fsw = vscode.workspace.createFileSystemWatcher(l.core.WORKSPACE_GLOB);
    // A deleted folder comes as one event for the folder: this watcher sees it, the one above does not.
    const deletes = vscode.workspace.createFileSystemWatcher('**', true, true, false);
    const gone = (uri: vscode.Uri) => {
      for (const key of l.ws.keysUnder(uri.toString())) if (!openDoc(key)) forget(key).catch(fail);
    };
    const queue = (uri: vscode.Uri) => {
      pending.add(uri.toString());
      clearTimeout(batch);
      batch = setTimeout(() => drain().catch(fail), WATCH_BATCH_MS);
    };
    watcher = vscode.Disposable.from(fsw, deletes, fsw.onDidCreate(queue), fsw.onDidChange(queue), fsw.onDidDelete(gone), deletes.onDidDelete(gone));
    const found = await vscode.workspace.findFiles(l.core.WORKSPACE_GLOB, l.core.ALWAYS_EXCLUDED, l.core.MAX_FILES, token);
    if (token.isCancellationRequested) return;
    for (const uri of found) pending.add(uri.toString());
    await drain();
  };
  const stopWorkspace = () => {
    pass?.cancel();
    pass?.dispose();
    pass = undefined;
    watcher?.dispose();
    watcher = undefined;
    clearTimeout(batch);
    pending.clear();
  };
  const restart = async () => {
    stopWorkspace();
    if (loaded) {
      const l = await loaded;
      for (const key of l.ws.keys()) if (!openDoc(key)) await forget(key);
    }
    for (const d of vscode.workspace.textDocuments) schedule(d, 0);
    await startWorkspace();
  };

  ctx.register(vscode.workspace.onDidOpenTextDocument((d) => schedule(d, 0)));
  ctx.register(vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document, 250)));
  ctx.register(vscode.workspace.onDidCloseTextDocument((d) => {
    const key = d.uri.toString();
    clearTimeout(timers.get(key));
    openVersions.delete(key);
    actionStates.delete(key);
    // A workspace file falls back to its saved text; anything else goes.
    if (watcher && pass && d.uri.scheme === 'file') {
      pending.add(key);
      drain().catch(fail);
    } else forget(key).catch(fail);
  }));
  ctx.register(vscode.workspace.onDidChangeConfiguration((e) => {
    if (['ansflow.scan.enabled', 'ansflow.scan.workspace', 'files.exclude', 'search.exclude'].some((s) => e.affectsConfiguration(s))) restart().catch(fail);
  }));
  ctx.register(vscode.workspace.onDidChangeWorkspaceFolders(() => restart().catch(fail)));
  ctx.register({
    dispose: () => {
      timers.forEach((t) => clearTimeout(t));
      clearTimeout(startTimer);
      stopWorkspace();
    },
  });
  for (const d of vscode.workspace.textDocuments) schedule(d, 0);
  const startTimer = setTimeout(() => startWorkspace().catch(fail), WORKSPACE_START_MS);

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
          const state = actionStates.get(doc.uri.toString());
          // Offsets belong to the scanned text: stale findings get no actions until the rescan.
          if (!state || state.version !== doc.version) return [];
          const { core } = await load();
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
              a.edit = toEdit(doc, core.suppressionEdit(state.text, f, scope));
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
