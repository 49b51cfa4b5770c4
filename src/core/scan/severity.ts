// Ordering severities and reading a threshold (`failOn`, `--severity-threshold`).
import { SEVERITIES, type ScanFinding, type ScanSeverity } from './types.js';

export function severityRank(s: ScanSeverity): number {
  return SEVERITIES.indexOf(s);
}

export function isSeverity(v: unknown): v is ScanSeverity {
  return typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v);
}

/** Findings at or above `threshold`; none for `never`. */
export function findingsAtOrAbove(findings: readonly ScanFinding[], threshold: ScanSeverity | 'never'): ScanFinding[] {
  if (threshold === 'never') return [];
  const min = severityRank(threshold);
  return findings.filter((f) => severityRank(f.severity) >= min);
}

/** Counts by severity, e.g. for a run summary. */
export function countBySeverity(findings: readonly ScanFinding[]): Record<ScanSeverity, number> {
  const out: Record<ScanSeverity, number> = { low: 0, medium: 0, high: 0, critical: 0 };
  for (const f of findings) out[f.severity]++;
  return out;
}

/** "2 high, 1 low" (highest first), or "no findings". */
export function summarize(findings: readonly ScanFinding[]): string {
  const c = countBySeverity(findings);
  const parts = [...SEVERITIES].reverse().filter((s) => c[s] > 0).map((s) => `${c[s]} ${s}`);
  return parts.length ? parts.join(', ') : 'no findings';
}
