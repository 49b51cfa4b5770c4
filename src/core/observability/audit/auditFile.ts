// Where the audit log lives by default. The editor and the CLI must append to the same file, and the
// CLI cannot know the editor's global storage folder (it differs between VS Code, Insiders,
// code-server and VSCodium), so both use one documented per-user state folder, never the workspace:
//   $ANSFLOW_AUDIT_FILE, else
//   Linux:   $XDG_STATE_HOME/ansflow/audit.jsonl (default ~/.local/state/ansflow/audit.jsonl)
//   macOS:   ~/Library/Application Support/AnsFlow/audit.jsonl
//   Windows: %LOCALAPPDATA%\AnsFlow\audit.jsonl
import { homedir } from 'node:os';
import { join, isAbsolute } from 'node:path';

/** The default audit log path for this user (see the header for the rule). */
export function defaultAuditFile(env: Record<string, string | undefined> = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.ANSFLOW_AUDIT_FILE) return env.ANSFLOW_AUDIT_FILE;
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'AnsFlow', 'audit.jsonl');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'AnsFlow', 'audit.jsonl');
  const state = env.XDG_STATE_HOME && isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : join(home, '.local', 'state');
  return join(state, 'ansflow', 'audit.jsonl');
}
