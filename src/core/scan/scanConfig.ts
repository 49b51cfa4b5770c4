// The scan config file (`.ansflow-scan.yaml`): severities per rule, `off` to disable one, and ids to ignore.
//   rules:
//     latest-tag: high
//     no-liveness-probe: off
//   ignore: [no-network-policy]
import { parse } from 'yaml';
import { isSeverity } from './severity.js';
import type { ScanConfig, ScanFinding, ScanSeverity } from './types.js';

export const SCAN_CONFIG_FILE = '.ansflow-scan.yaml';

/** Reads a config text; a wrong value is an error message naming it. */
export function parseScanConfig(text: string): ScanConfig | { error: string } {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    return { error: `${SCAN_CONFIG_FILE}: not valid YAML (${(e as Error).message.split('\n')[0]})` };
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) return { error: `${SCAN_CONFIG_FILE}: expected a map with 'rules' and 'ignore'` };
  const d = doc as Record<string, unknown>;
  const severities: Record<string, ScanSeverity | 'off'> = {};
  if (d.rules !== undefined) {
    if (!d.rules || typeof d.rules !== 'object' || Array.isArray(d.rules)) return { error: `${SCAN_CONFIG_FILE}: 'rules' must map rule ids to a severity or off` };
    for (const [id, v] of Object.entries(d.rules as Record<string, unknown>)) {
      const s = v === false ? 'off' : v;
      if (s !== 'off' && !isSeverity(s)) return { error: `${SCAN_CONFIG_FILE}: rules.${id}: '${String(v)}' is not one of low, medium, high, critical, off` };
      severities[id] = s;
    }
  }
  const ignore = d.ignore === undefined ? [] : Array.isArray(d.ignore) ? d.ignore.map(String) : undefined;
  if (!ignore) return { error: `${SCAN_CONFIG_FILE}: 'ignore' must be a list of rule ids` };
  return { severities, ignore };
}

/** Two configs in order, the second winning (a file's config, then a step's `ignore`). */
export function mergeScanConfig(a: ScanConfig, b: ScanConfig): ScanConfig {
  return { severities: { ...a.severities, ...b.severities }, ignore: [...(a.ignore ?? []), ...(b.ignore ?? [])] };
}

/** Applies severities and ignores to findings. */
export function applyScanConfig(findings: ScanFinding[], config: ScanConfig | undefined): ScanFinding[] {
  if (!config) return findings;
  const ignore = new Set(config.ignore ?? []);
  const out: ScanFinding[] = [];
  for (const f of findings) {
    const s = config.severities?.[f.rule];
    if (ignore.has(f.rule) || s === 'off') continue;
    out.push(s ? { ...f, severity: s } : f);
  }
  return out;
}
