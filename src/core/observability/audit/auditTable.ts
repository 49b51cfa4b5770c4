// "AnsFlow: Show Audit Log" as a table: the records newest first as cells, filtered by text on the host
// (so a large file is never sent whole) and capped, with the counts the page shows under the table.
import { auditRow } from './auditFilter.js';
import type { AuditRecord } from './auditRecord.js';

/** Most rows one table message carries; the rest are counted. */
export const AUDIT_TABLE_ROWS = 1000;

/** One row: the cells in column order. */
export interface AuditTableRow {
  time: string;
  user: string;
  source: string;
  action: string;
  target: string;
  result: string;
  runId: string;
  detail: string;
}

export interface AuditTable {
  rows: AuditTableRow[];
  /** Records that match the filter (rows holds the newest `AUDIT_TABLE_ROWS` of them). */
  matched: number;
  /** Records in the file. */
  total: number;
}

/** The newest records first that contain `filter` (any case) in any cell. */
export function auditTable(records: readonly AuditRecord[], filter = '', max = AUDIT_TABLE_ROWS): AuditTable {
  const needle = filter.trim().toLowerCase();
  const rows: AuditTableRow[] = [];
  let matched = 0;
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i]!;
    const [time, user, action, target, result] = auditRow(r);
    const row: AuditTableRow = { time, user, source: r.source, action, target, result, runId: r.runId ?? '', detail: r.detail ?? '' };
    if (needle && !Object.values(row).some((cell) => cell.toLowerCase().includes(needle))) continue;
    matched++;
    if (rows.length < max) rows.push(row);
  }
  return { rows, matched, total: records.length };
}
