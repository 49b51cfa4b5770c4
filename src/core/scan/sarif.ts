// Findings as a SARIF 2.1.0 log (one run, the rules used), so code-scanning tools load them.
import { ruleById } from './catalog.js';
import type { ScanFinding, ScanSeverity } from './types.js';

const LEVEL: Record<ScanSeverity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
// GitHub code scanning reads `security-severity` (0–10) to rank security results.
const SCORE: Record<ScanSeverity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '2.0' };

/** `uriOf` turns a finding's file into the artifact URI (relative to the scanned root, forward slashes). */
export function toSarif(findings: readonly ScanFinding[], version: string, uriOf: (file: string) => string = (f) => f): Record<string, unknown> {
  const ids = [...new Set(findings.map((f) => f.rule))].sort();
  const rules = ids.map((id) => {
    const r = ruleById(id);
    const f = findings.find((x) => x.rule === id)!;
    const severity = r?.severity ?? f.severity;
    return {
      id,
      shortDescription: { text: r?.message ?? f.message },
      help: { text: r?.fix ?? f.fix },
      defaultConfiguration: { level: LEVEL[severity] },
      properties: { 'security-severity': SCORE[severity], tags: ['security'] },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'ansflow-scan', version, rules } },
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: ids.indexOf(f.rule),
          level: LEVEL[f.severity],
          message: { text: `${f.message} Fix: ${f.fix}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: uriOf(f.file) },
                ...(f.file.startsWith('image:') ? {} : { region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn } }),
              },
            },
          ],
          properties: { severity: f.severity },
        })),
      },
    ],
  };
}
