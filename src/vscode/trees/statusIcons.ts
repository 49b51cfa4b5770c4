// Status → codicon with a theme colour, shared by the Pipelines and Runs trees.
import * as vscode from 'vscode';

/** The icon for a run or step status; running ones spin. */
export function statusIcon(status: string | undefined): vscode.ThemeIcon {
  switch (status) {
    case 'running':
      return new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue'));
    case 'success':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    case 'up-to-date':
      return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
    case 'failed':
    case 'timed-out':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'cancelled':
    case 'interrupted':
      return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('testing.iconSkipped'));
    case 'skipped':
      return new vscode.ThemeIcon('debug-step-over', new vscode.ThemeColor('testing.iconSkipped'));
    case 'queued':
      return new vscode.ThemeIcon('clock');
    default:
      return new vscode.ThemeIcon('circle-outline');
  }
}

/** A one-character status mark for descriptions. */
export function statusMark(status: string | undefined): string {
  return ({ success: '✔', 'up-to-date': '≡', failed: '✖', 'timed-out': '⏱', cancelled: '■', interrupted: '⚡', skipped: '↷', running: '▶', queued: '·' } as Record<string, string>)[status ?? ''] ?? '';
}

/** The codicon for a step type's family. */
export function stepTypeIcon(type: string | undefined): vscode.ThemeIcon {
  const family = (type ?? '').split('.')[0];
  const icon: Record<string, string> = {
    shell: 'terminal',
    python: 'symbol-method',
    node: 'symbol-event',
    file: 'files',
    docker: 'package',
    kubernetes: 'cloud',
    helm: 'rocket',
    ansible: 'server-process',
    approval: 'person',
    notify: 'bell',
    scan: 'shield',
    security: 'shield',
  };
  return new vscode.ThemeIcon(icon[family] ?? 'symbol-event');
}
