// trivy and grype as ToolCommands (built here, run by the caller) and readers of their JSON reports
// into findings. Written from their documented report formats: trivy `--format json` (SchemaVersion 2:
// Results[].Vulnerabilities[] with VulnerabilityID, PkgName, InstalledVersion, FixedVersion, Severity,
// Title) and grype `-o json` (matches[] with vulnerability {id, severity, fix.versions, description}
// and artifact {name, version}).
import type { ToolCommand } from '../contracts/StepType.js';
import { ToolError } from '../contracts/result.js';
import type { ScanFinding, ScanSeverity } from './types.js';

export const VULN_SCANNER_HINT = 'Install trivy (https://trivy.dev) or grype (https://github.com/anchore/grype) for vulnerability findings';

function severityOf(s: unknown): ScanSeverity {
  const v = String(s ?? '').toLowerCase();
  return v === 'critical' || v === 'high' || v === 'medium' ? v : 'low';
}

function finding(ref: string, id: string, severity: ScanSeverity, pkg: string, version: string, fixed: string | undefined, title: string | undefined): ScanFinding {
  return {
    file: `image:${ref}`, line: 1, column: 1, endLine: 1, endColumn: 1, rule: id, severity,
    message: `${pkg} ${version}: ${title ? title.split('\n')[0]!.slice(0, 160) : id}`,
    fix: fixed ? `Upgrade ${pkg} to ${fixed}.` : `No fixed version of ${pkg} yet.`,
  };
}

function parseJson(tool: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ToolError('tool-failed', `${tool} did not print a JSON report`);
  }
}

/** Findings from a trivy JSON report. */
export function parseTrivyReport(ref: string, text: string): ScanFinding[] {
  const doc = parseJson('trivy', text) as { Results?: Array<{ Vulnerabilities?: Array<Record<string, unknown>> | null }> | null };
  const out: ScanFinding[] = [];
  for (const r of doc.Results ?? []) for (const v of r.Vulnerabilities ?? []) {
    out.push(finding(ref, String(v.VulnerabilityID), severityOf(v.Severity), String(v.PkgName), String(v.InstalledVersion ?? ''), v.FixedVersion ? String(v.FixedVersion) : undefined, v.Title as string | undefined));
  }
  return out;
}

/** Findings from a grype JSON report. */
export function parseGrypeReport(ref: string, text: string): ScanFinding[] {
  const doc = parseJson('grype', text) as { matches?: Array<{ vulnerability?: { id?: string; severity?: string; description?: string; fix?: { versions?: string[] } }; artifact?: { name?: string; version?: string } }> };
  return (doc.matches ?? []).map((m) =>
    finding(ref, String(m.vulnerability?.id), severityOf(m.vulnerability?.severity), String(m.artifact?.name), String(m.artifact?.version ?? ''), m.vulnerability?.fix?.versions?.[0], m.vulnerability?.description),
  );
}

/** The command scanning a local image with `tool`. */
export function vulnScanCommand(tool: 'trivy' | 'grype', path: string, ref: string): ToolCommand<ScanFinding[]> {
  const check = (stdout: string, stderr: string, code: number) => {
    if (code !== 0) throw new ToolError('tool-failed', `${tool} exited with code ${code}: ${stderr.trim().split('\n').pop() ?? ''}`);
    return stdout;
  };
  return tool === 'trivy'
    ? { command: path, args: ['image', '--quiet', '--format', 'json', ref], parse: (o, e, c) => parseTrivyReport(ref, check(o, e, c)) }
    : { command: path, args: ['-q', '-o', 'json', `docker:${ref}`], parse: (o, e, c) => parseGrypeReport(ref, check(o, e, c)) };
}
