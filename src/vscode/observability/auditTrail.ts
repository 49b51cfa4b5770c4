// The editor's audit trail: the file from the `ansflow.audit.file` setting (machine scope, so a
// workspace cannot point it into itself), else the per-user default the CLI also writes.
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { AuditLog, defaultAuditFile, type AuditAction, type AuditTarget, type TrackOptions } from '../../core/observability/audit/index.js';

let current: AuditLog | undefined;

/** The configured audit file (a relative or empty setting means the default). */
export function auditFile(): string {
  const set = (vscode.workspace.getConfiguration('ansflow').get<string>('audit.file') ?? '').trim();
  const expanded = set === '~' || set.startsWith('~/') ? join(homedir(), set.slice(1)) : set;
  return expanded && isAbsolute(expanded) ? expanded : defaultAuditFile();
}

/** The editor's audit log, following the setting. */
export function editorAudit(): AuditLog {
  const file = auditFile();
  if (current?.file !== file) current = new AuditLog({ file, source: 'editor' });
  return current;
}

/** Runs a changing action and records it (see AuditLog.track). */
export function audited<T>(action: AuditAction, target: AuditTarget, run: () => PromiseLike<T>, extra?: TrackOptions<T>): Promise<T> {
  return editorAudit().track(action, target, run, extra);
}

/** Records an action that has no outcome to wait for (a shell opened). */
export function auditNow(action: AuditAction, target: AuditTarget, detail?: string): void {
  editorAudit().append({ action, target, result: 'ok', detail });
}
