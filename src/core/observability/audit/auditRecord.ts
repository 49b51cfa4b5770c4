// The shape of one audit line. Kept flat and string-valued so a line reads well in `ansflow audit`
// and in a text editor, and so every field can go through the masker.

/** Every kind of change AnsFlow records (issue #16's list). */
export const AUDIT_ACTIONS = [
  'apply',
  'delete',
  'scale',
  'restart',
  'rollback',
  'exec',
  'port-forward',
  'helm-upgrade',
  'helm-rollback',
  'helm-uninstall',
  'container-run',
  'container-start',
  'container-stop',
  'container-restart',
  'container-pause',
  'container-unpause',
  'container-remove',
  'image-tag',
  'image-remove',
  'volume-remove',
  'network-remove',
  'prune',
  'pipeline-run',
  'approval',
] as const;

/** One of {@link AUDIT_ACTIONS}. */
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** How the action ended. */
export type AuditResult = 'ok' | 'failed' | 'cancelled' | 'approved' | 'rejected' | 'timed-out';

/** What the action was applied to; unset fields do not apply (e.g. no namespace for a container). */
export interface AuditTarget {
  /** Kube context, Docker engine/context, or the pipeline file of a run. */
  context?: string;
  namespace?: string;
  /** `Kind/name`, a container name, a Helm release, or a step id. */
  object?: string;
}

/** One line of the audit log ({@link AuditLog} writes and reads it). */
export interface AuditRecord {
  /** ISO 8601 time the action ended. */
  time: string;
  /** The OS user. */
  user: string;
  /** Where the action came from. */
  source: 'editor' | 'cli';
  action: AuditAction;
  target: AuditTarget;
  result: AuditResult;
  /** One line: the error of a failed action, the reason of a decision, the replicas of a scale… */
  detail?: string;
  runId?: string;
}

/** True when `v` is one of {@link AUDIT_ACTIONS}. */
export function isAuditAction(v: unknown): v is AuditAction {
  return typeof v === 'string' && (AUDIT_ACTIONS as readonly string[]).includes(v);
}

/** Checks a parsed JSON line; undefined when it is not a record (a torn or foreign line). */
export function toAuditRecord(v: unknown): AuditRecord | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const r = v as Partial<AuditRecord>;
  if (typeof r.time !== 'string' || typeof r.user !== 'string' || !isAuditAction(r.action) || typeof r.result !== 'string') return undefined;
  if (!r.target || typeof r.target !== 'object') return undefined;
  return r as AuditRecord;
}
