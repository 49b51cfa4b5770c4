// All diagnostics of a pipeline text: the core validator's (the single source of truth for schema,
// references, cycles, expressions) plus the language service's own file-existence check.
import type { Diagnostic } from '../core/contracts/diagnostics.js';
import { conditionHints } from './conditionHints.js';
import { documentLinks, missingFileDiagnostics, producedPaths } from './documentLinks.js';
import type { PipelineAnalysis } from './PipelineAnalysis.js';
import type { WorkspaceIndex } from './WorkspaceIndex.js';

/** Core diagnostics plus `file-not-found` warnings, without duplicates (same code and range). */
export function pipelineDiagnostics(analysis: PipelineAnalysis, workspace: WorkspaceIndex = {}): Diagnostic[] {
  const out = [...analysis.parsed.diagnostics, ...conditionHints(analysis)];
  const seen = new Set(out.map((d) => `${d.code}@${d.range.start}:${d.range.end}`));
  for (const d of missingFileDiagnostics(documentLinks(analysis), workspace, producedPaths(analysis))) {
    const k = `${d.code}@${d.range.start}:${d.range.end}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(d);
    }
  }
  return out;
}
