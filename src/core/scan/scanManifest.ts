// Runs the Kubernetes rule families over manifest texts and turns raw findings into located ones,
// minus suppressed ones, with the config's severities. With a cache (the editor's), each document of a
// file is parsed and checked on its own (see manifestChunks.ts), so the results of the documents an
// edit did not touch are kept; `no-network-policy` is decided last, against the policies of every file scanned together.
import { checkContainerRules } from './k8sContainerRules.js';
import { checkNetworkPolicyCandidates, checkObjectRules, namespaceOf, OBJECT_RULES } from './k8sObjectRules.js';
import { checkPodRules } from './k8sPodRules.js';
import { rangeOf, type ManifestRuleContext, type RawFinding } from './manifestContext.js';
import { splitDocuments, type ManifestChunk } from './manifestChunks.js';
import { parseManifest } from './manifestObjects.js';
import { NetworkPolicyIndex } from './networkPolicyIndex.js';
import { applyScanConfig } from './scanConfig.js';
import { findSuppressions, isSuppressed, spanStart } from './suppression.js';
import type { ScanConfig, ScanFinding, ScanRule, TextEdit } from './types.js';

export interface ScanInput {
  file: string;
  text: string;
}

/** A finding located inside its document (lines 1-based from the document's first line, offsets from its start). */
interface LocalFinding {
  rule: ScanRule;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  objFirst: number;
  objEnd: number;
  quickFix?: { title: string; edit: TextEdit };
  /** For a no-network-policy candidate: the workload's namespace. */
  namespace?: string;
}

interface DocumentScan {
  findings: LocalFinding[];
  policies: string[];
}

/** One file's findings before the NetworkPolicy judgement, with what that judgement needs. */
export interface ManifestFileScan {
  file: string;
  /** Located, suppressions applied, config not applied; no `no-network-policy`. */
  findings: ScanFinding[];
  /** `no-network-policy` findings, each kept only when no policy covers its namespace. */
  candidates: Array<{ namespace: string; finding: ScanFinding }>;
  /** Namespaces of the file's NetworkPolicies (`''` for unnamespaced ones). */
  policies: string[];
}

/**
 * Per-file results of the documents of the last scanned version, keyed by each document's text: a
 * rescan after an edit re-parses only the documents that changed.
 */
export class ManifestCache {
  private readonly byFile = new Map<string, Map<string, DocumentScan>>();
  hits = 0;
  misses = 0;

  scan(file: string, chunks: readonly ManifestChunk[]): DocumentScan[] {
    const before = this.byFile.get(file);
    const now = new Map<string, DocumentScan>();
    const out = chunks.map((c) => {
      let r = before?.get(c.text) ?? now.get(c.text);
      if (r) this.hits++;
      else {
        this.misses++;
        r = scanDocumentText(c.text);
      }
      now.set(c.text, r);
      return r;
    });
    this.byFile.set(file, now);
    return out;
  }

  delete(file: string): void {
    this.byFile.delete(file);
  }
}

function byPosition(a: ScanFinding, b: ScanFinding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule);
}

function scanDocumentText(text: string): DocumentScan {
  const parsed = parseManifest(text);
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
  checkNetworkPolicyCandidates(ctx);
  const findings = raw.map((r): LocalFinding => {
    const s = parsed.lines.linePos(r.start);
    const e = parsed.lines.linePos(r.end);
    return {
      rule: r.rule,
      line: s.line,
      column: s.col,
      endLine: e.line,
      endColumn: e.col,
      objFirst: parsed.lines.linePos(r.object.start).line,
      objEnd: parsed.lines.linePos(Math.max(r.object.start, r.object.end - 1)).line,
      ...(r.quickFix ? { quickFix: r.quickFix } : {}),
      ...(r.rule.id === OBJECT_RULES.networkPolicy.id ? { namespace: namespaceOf(r.object) } : {}),
    };
  });
  const policies = parsed.objects.filter((o) => o.kind === 'NetworkPolicy').map(namespaceOf);
  return { findings, policies };
}

/** Scans one manifest file document by document (through `cache` when given). */
export function scanManifestFile(file: string, text: string, cache?: ManifestCache, cacheKey = file): ManifestFileScan {
  // Without a cache one parse of the whole text is cheaper than one per document.
  const chunks = cache ? splitDocuments(text) : [{ text, offset: 0, line: 1 }];
  const docs = cache ? cache.scan(cacheKey, chunks) : chunks.map((c) => scanDocumentText(c.text));
  const sups = findSuppressions(text);
  const lines = text.split('\n');
  const out: ManifestFileScan = { file, findings: [], candidates: [], policies: [] };
  docs.forEach((doc, i) => {
    const chunk = chunks[i]!;
    const shift = chunk.line - 1;
    out.policies.push(...doc.policies);
    for (const f of doc.findings) {
      const objFirst = f.objFirst + shift;
      if (isSuppressed(sups, f.rule.id, spanStart(lines, objFirst), f.objEnd + shift)) continue;
      const finding: ScanFinding = {
        file,
        line: f.line + shift,
        column: f.column,
        endLine: f.endLine + shift,
        endColumn: f.endColumn,
        rule: f.rule.id,
        severity: f.rule.severity,
        message: f.rule.message,
        fix: f.rule.fix,
        objectLine: objFirst,
        ...(f.quickFix ? { quickFix: { title: f.quickFix.title, edit: { ...f.quickFix.edit, start: f.quickFix.edit.start + chunk.offset, end: f.quickFix.edit.end + chunk.offset } } } : {}),
      };
      if (f.namespace !== undefined) out.candidates.push({ namespace: f.namespace, finding });
      else out.findings.push(finding);
    }
  });
  return out;
}

/** A file's final findings: its own, plus the workloads no policy of `policies` covers. */
export function judgeManifestFile(scan: ManifestFileScan, policies: NetworkPolicyIndex, config?: ScanConfig): ScanFinding[] {
  const uncovered = scan.candidates.filter((c) => !policies.covers(c.namespace)).map((c) => c.finding);
  return applyScanConfig([...scan.findings, ...uncovered], config).sort(byPosition);
}

/** Scans manifest files together (NetworkPolicy coverage is judged across all of them). */
export function scanManifests(inputs: readonly ScanInput[], config?: ScanConfig): ScanFinding[] {
  const scans = inputs.map((input) => scanManifestFile(input.file, input.text));
  const policies = new NetworkPolicyIndex();
  for (const s of scans) policies.set(s.file, s.policies);
  return scans.flatMap((s) => judgeManifestFile(s, policies, config)).sort(byPosition);
}

/** Scans one manifest text. */
export function scanManifest(file: string, text: string, config?: ScanConfig): ScanFinding[] {
  return scanManifests([{ file, text }], config);
}
