// The one-line text form of a finding, shared by the step log, `ansflow scan` text output and the
// problem matcher that turns the step log back into Problems-panel entries:
//   scan k8s/deployment.yaml:22:17: high run-as-root: The container may run as root …
import type { ScanFinding, ScanSeverity } from './types.js';

export function findingLine(f: Pick<ScanFinding, 'file' | 'line' | 'column' | 'severity' | 'rule' | 'message'>, file = f.file): string {
  return f.file.startsWith('image:') ? `scan ${file}: ${f.severity} ${f.rule}: ${f.message}` : `scan ${file}:${f.line}:${f.column}: ${f.severity} ${f.rule}: ${f.message}`;
}

const LINE = /^scan (\S(?:.*\S)?):(\d+):(\d+): (low|medium|high|critical) ([\w.-]+): (.+)$/;

/** The parts of a {@link findingLine}, or undefined for any other line. */
export function parseFindingLine(text: string): { file: string; line: number; column: number; severity: ScanSeverity; rule: string; message: string } | undefined {
  const m = LINE.exec(text);
  if (!m) return undefined;
  return { file: m[1]!, line: Number(m[2]), column: Number(m[3]), severity: m[4] as ScanSeverity, rule: m[5]!, message: m[6]! };
}
