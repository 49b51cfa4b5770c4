// The import notes the editor shows as diagnostics on the new pipeline. Placeholder steps are left
// out: the validator already reports each one (placeholder-step) and keeps it as the file changes.
// What remains (a dropped runner label, a value moved to env:, an approximated condition) has no
// validator rule, so without this it would be only a comment in the file.
import type { ImportWarning, ImportWarningKind } from './draft';
import { lineOf } from './locate';

export interface NoteDiagnostic {
  /** 1-based line of the pipeline text the note concerns. */
  line: number;
  kind: Exclude<ImportWarningKind, 'stand-in'>;
  message: string;
}

export function noteDiagnostics(text: string, warnings: readonly ImportWarning[]): NoteDiagnostic[] {
  const out: NoteDiagnostic[] = [];
  for (const w of warnings) {
    if (w.kind === 'stand-in') continue;
    out.push({ line: lineOf(text, w.path), kind: w.kind, message: w.message });
  }
  return out;
}
