// Runs the Kubernetes rule families over manifest texts and turns raw findings into located ones,
// minus suppressed ones, with the config's severities.
import { checkContainerRules } from './k8sContainerRules.js';
import { checkNetworkPolicy, checkObjectRules } from './k8sObjectRules.js';
import { checkPodRules } from './k8sPodRules.js';
import { rangeOf, type ManifestRuleContext, type RawFinding } from './manifestContext.js';
import { parseManifest, type ParsedManifest } from './manifestObjects.js';
import { applyScanConfig } from './scanConfig.js';
import { findSuppressions, isSuppressed, spanStart } from './suppression.js';
import type { ScanConfig, ScanFinding } from './types.js';

export interface ScanInput {
  file: string;
  text: string;
}

function byPosition(a: ScanFinding, b: ScanFinding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule);
}

function locate(file: string, parsed: ParsedManifest, raw: RawFinding[]): ScanFinding[] {
  const sups = findSuppressions(parsed.text);
  const lines = parsed.text.split('\n');
  const out: ScanFinding[] = [];
  for (const r of raw) {
    const objFirst = parsed.lines.linePos(r.object.start).line;
    const objLine = spanStart(lines, objFirst);
    const objEnd = parsed.lines.linePos(Math.max(r.object.start, r.object.end - 1)).line;
    if (isSuppressed(sups, r.rule.id, objLine, objEnd)) continue;
    const s = parsed.lines.linePos(r.start);
    const e = parsed.lines.linePos(r.end);
    out.push({
      file,
      line: s.line,
      column: s.col,
      endLine: e.line,
      endColumn: e.col,
      rule: r.rule.id,
      severity: r.rule.severity,
      message: r.rule.message,
      fix: r.rule.fix,
      objectLine: objFirst,
      ...(r.quickFix ? { quickFix: r.quickFix } : {}),
    });
  }
  return out;
}

/** Scans manifest files together (NetworkPolicy coverage is judged across all of them). */
export function scanManifests(inputs: readonly ScanInput[], config?: ScanConfig): ScanFinding[] {
  const files = inputs.map((input) => {
    const parsed = parseManifest(input.text);
    const raw: RawFinding[] = [];
    const seen = new Set<string>();
    const ctx: ManifestRuleContext = {
      parsed,
      report(rule, object, where, quickFix) {
        const [start, end] = rangeOf(where);
        const key = `${rule.id}\u0000${start}`;
        if (seen.has(key)) return;
        seen.add(key);
        raw.push({ rule, start, end, object, ...(quickFix ? { quickFix } : {}) });
      },
    };
    checkPodRules(ctx);
    checkContainerRules(ctx);
    checkObjectRules(ctx);
    return { input, parsed, raw, ctx, objects: parsed.objects };
  });
  checkNetworkPolicy(files);
  const located = files.flatMap((f) => locate(f.input.file, f.parsed, f.raw));
  return applyScanConfig(located, config).sort(byPosition);
}

/** Scans one manifest text. */
export function scanManifest(file: string, text: string, config?: ScanConfig): ScanFinding[] {
  return scanManifests([{ file, text }], config);
}
