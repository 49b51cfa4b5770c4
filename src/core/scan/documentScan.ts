// What the editor needs, without vscode: which documents are scanned, their findings, and the edits
// behind the suppression code actions.
import { basename } from 'node:path';
import { scanDockerfile } from './dockerfileRules.js';
import { looksLikeManifest } from './manifestObjects.js';
import { isDockerfileName, isYamlName } from './scanFiles.js';
import { scanManifest } from './scanManifest.js';
import type { ScanConfig, ScanFinding, ScanSeverity, TextEdit } from './types.js';

/** True for a Dockerfile, or YAML (not a pipeline) that holds `apiVersion` and `kind`. */
export function isScannable(fileName: string, languageId: string, text: string): boolean {
  if (languageId === 'dockerfile' || isDockerfileName(fileName)) return true;
  if (/\.ansflow\.ya?ml$/i.test(fileName) || languageId === 'ansflow-pipeline') return false;
  return (languageId === 'yaml' || isYamlName(fileName)) && looksLikeManifest(text);
}

/** Findings of one open document, or undefined when it is not scanned. */
export function scanDocument(fileName: string, languageId: string, text: string, config?: ScanConfig): ScanFinding[] | undefined {
  if (!isScannable(fileName, languageId, text)) return undefined;
  return languageId === 'dockerfile' || isDockerfileName(basename(fileName)) ? scanDockerfile(fileName, text, config) : scanManifest(fileName, text, config);
}

/** Problems-panel severity of a finding. */
export function diagnosticSeverity(s: ScanSeverity): 'error' | 'warning' | 'info' {
  return s === 'critical' || s === 'high' ? 'error' : s === 'medium' ? 'warning' : 'info';
}

/** The edit adding a suppression comment above the finding's object (or at the top of the file). */
export function suppressionEdit(text: string, finding: Pick<ScanFinding, 'rule' | 'objectLine'>, scope: 'object' | 'file'): TextEdit {
  if (scope === 'file' || !finding.objectLine) {
    const at = afterLeadingDirectives(text);
    return { start: at, end: at, newText: `# ansflow-scan: ignore-file ${finding.rule} — reason\n` };
  }
  let offset = 0;
  const lines = text.split('\n');
  for (let i = 0; i < finding.objectLine - 1 && i < lines.length; i++) offset += lines[i]!.length + 1;
  const indent = /^\s*/.exec(lines[finding.objectLine - 1] ?? '')![0];
  return { start: offset, end: offset, newText: `${indent}# ansflow-scan: ignore ${finding.rule} — reason\n` };
}

/**
 * Where a file-level comment may go: after a Dockerfile's parser directives (`# syntax=…`, `# escape=…`,
 * which Docker only reads before the first comment) and YAML `%` directives, else at the top.
 */
function afterLeadingDirectives(text: string): number {
  const directive = /^(#\s*[A-Za-z][\w-]*\s*=.*|%.*)$/;
  let offset = 0;
  for (const line of text.split('\n')) {
    if (!directive.test(line.replace(/\r$/, ''))) break;
    offset += line.length + 1;
  }
  return Math.min(offset, text.length);
}
