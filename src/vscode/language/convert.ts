// Offsets (the language service's currency) to VS Code ranges and back, plus diagnostic conversion.
import * as vscode from 'vscode';
import type { Diagnostic as CoreDiagnostic, TextRange } from '../../core/contracts/diagnostics.js';
import { LineIndex, type TextEdit } from '../../language/index.js';

/** Anything that maps offsets to positions: a TextDocument or a {@link LineIndex}. */
export interface OffsetMapper {
  positionAt(offset: number): { line: number; character: number };
}

/** A VS Code range for an offset range. */
export function toRange(doc: OffsetMapper, r: TextRange): vscode.Range {
  const s = doc.positionAt(r.start);
  const e = doc.positionAt(r.end);
  return new vscode.Range(s.line, s.character, e.line, e.character);
}

/** A workspace edit from text edits on one document. */
export function toWorkspaceEdit(document: vscode.TextDocument, edits: TextEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(document.uri, toRange(document, e.range), e.newText);
  return we;
}

const SEVERITY: Record<CoreDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** Reads other files' texts for related locations in includes. */
export type TextReader = (absPath: string) => string | undefined;

/** Converts a core diagnostic; related locations in other files are mapped with that file's text. */
export function toDiagnostic(doc: OffsetMapper, uri: vscode.Uri, d: CoreDiagnostic, readOther: TextReader): vscode.Diagnostic {
  const out = new vscode.Diagnostic(toRange(doc, d.range), d.message, SEVERITY[d.severity]);
  out.code = d.code;
  out.source = 'ansflow';
  const related: vscode.DiagnosticRelatedInformation[] = [];
  for (const r of d.related ?? []) {
    if (!r.file) {
      related.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, toRange(doc, r.range)), r.message));
      continue;
    }
    const text = readOther(r.file);
    if (text === undefined) continue;
    related.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(r.file), toRange(new LineIndex(text), r.range)), r.message));
  }
  if (related.length) out.relatedInformation = related;
  return out;
}
