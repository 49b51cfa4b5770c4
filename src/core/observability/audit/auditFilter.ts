// Filtering audit records, shared by `ansflow audit` and "AnsFlow: Show Audit Log".
import { parseDuration } from '../../util/durations.js';
import { AUDIT_ACTIONS, type AuditAction, type AuditRecord } from './auditRecord.js';

/** Which records to keep; every given field must match. */
export interface AuditFilter {
  /** Records at or after this time. */
  since?: Date;
  actions?: readonly AuditAction[];
  /** Case-insensitive text searched in user, target, result, detail and run id. */
  text?: string;
}

/** True when a record passes the filter. */
export function matchesAuditFilter(r: AuditRecord, f: AuditFilter): boolean {
  if (f.since && !(Date.parse(r.time) >= f.since.getTime())) return false;
  if (f.actions?.length && !f.actions.includes(r.action)) return false;
  if (f.text) {
    const hay = [r.user, r.action, r.result, r.target.context, r.target.namespace, r.target.object, r.detail, r.runId].filter(Boolean).join('\n').toLowerCase();
    if (!hay.includes(f.text.toLowerCase())) return false;
  }
  return true;
}

/** `--since`: a duration back from now (`90m`, `2h`, `7d`) or an ISO date/time; an error message otherwise. */
export function parseSince(value: string, now = new Date()): Date | { error: string } {
  const ms = parseDuration(value);
  if (ms !== undefined) return new Date(now.getTime() - ms);
  if (/^\d{4}-\d{2}-\d{2}/.test(value.trim())) {
    const t = Date.parse(value.trim());
    if (!Number.isNaN(t)) return new Date(t);
  }
  return { error: `'${value}' is neither a duration (30m, 2h, 7d) nor an ISO date (2026-12-01 or 2026-12-01T10:00:00Z)` };
}

/** `--action`: comma-separated action names; unknown names come back as an error listing the valid ones. */
export function parseActions(values: readonly string[]): AuditAction[] | { error: string } {
  const names = values.flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
  const bad = names.filter((n) => !(AUDIT_ACTIONS as readonly string[]).includes(n));
  if (bad.length) return { error: `unknown action ${bad.map((b) => `'${b}'`).join(', ')}; one of: ${AUDIT_ACTIONS.join(', ')}` };
  return names as AuditAction[];
}

/** One record as a table row: time, user, action, target, result, run id / detail. */
export function auditRow(r: AuditRecord): string[] {
  const target = [r.target.context, r.target.namespace, r.target.object].filter(Boolean).join(' / ');
  return [r.time.replace('T', ' ').slice(0, 19), r.user, r.action, target, r.result, [r.runId ? `run ${r.runId}` : '', r.detail ?? ''].filter(Boolean).join(' · ')];
}

/** One record as a pick-list entry (newest first lists): the action and target, then when/who/result, then the run and detail. */
export function auditListItem(r: AuditRecord): { label: string; description: string; detail: string } {
  const [time, user, action, target, result, rest] = auditRow(r);
  return { label: `${action}  ${target || '—'}`, description: `${result} · ${time} UTC · ${user} (${r.source})`, detail: rest || '' };
}
