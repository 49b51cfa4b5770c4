// The audit log page's protocol: the host sends the table it filtered; the page asks for a filter or
// for the file. Both sides validate what arrives (the page's input is typed text; the host's is records).
import type { AuditTable, AuditTableRow } from '../../src/core/observability/audit/auditTable.js';
import { isCount, isObj, isStr } from './guards.js';

export type ToAuditWebview = { type: 'table'; file: string; filter: string } & AuditTable;

export type FromAuditWebview = { type: 'ready' } | { type: 'filter'; text: string } | { type: 'openFile' };

/** Longest filter text the host takes. */
export const AUDIT_FILTER_MAX = 200;

const CELLS: ReadonlyArray<keyof AuditTableRow> = ['time', 'user', 'source', 'action', 'target', 'result', 'runId', 'detail'];

export function parseFromAuditWebview(raw: unknown): FromAuditWebview | undefined {
  if (!isObj(raw)) return undefined;
  switch (raw.type) {
    case 'ready':
    case 'openFile':
      return { type: raw.type };
    case 'filter':
      return isStr(raw.text) && raw.text.length <= AUDIT_FILTER_MAX ? { type: 'filter', text: raw.text } : undefined;
    default:
      return undefined;
  }
}

function parseRow(v: unknown): AuditTableRow | undefined {
  if (!isObj(v) || !CELLS.every((c) => isStr(v[c]))) return undefined;
  return Object.fromEntries(CELLS.map((c) => [c, v[c]])) as unknown as AuditTableRow;
}

export function parseToAuditWebview(raw: unknown): ToAuditWebview | undefined {
  if (!isObj(raw) || raw.type !== 'table' || !isStr(raw.file) || !isStr(raw.filter) || !isCount(raw.matched) || !isCount(raw.total) || !Array.isArray(raw.rows)) return undefined;
  const rows: AuditTableRow[] = [];
  for (const r of raw.rows) {
    const row = parseRow(r);
    if (!row) return undefined;
    rows.push(row);
  }
  return { type: 'table', file: raw.file, filter: raw.filter, matched: raw.matched, total: raw.total, rows };
}
