// Formatting on demand through a yaml Document round trip: comments, key order, scalar styles and
// blank lines survive; indentation becomes uniform. Broken YAML is left alone (no edit).
import { parseDocument } from 'yaml';
import type { TextEdit } from './references.js';

/** Formatting choices from the editor. */
export interface FormatOptions {
  tabSize: number;
}

/** The formatted text, or undefined when the text has YAML errors or is already formatted. */
export function formatPipeline(text: string, options: FormatOptions = { tabSize: 2 }): TextEdit[] {
  const doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: false });
  if (doc.errors.length > 0) return [];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let out = doc.toString({ indent: Math.max(1, Math.min(options.tabSize, 8)), lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false });
  if (eol === '\r\n') out = out.replace(/\r?\n/g, '\r\n');
  if (out === text) return [];
  return [{ range: { start: 0, end: text.length }, newText: out }];
}
