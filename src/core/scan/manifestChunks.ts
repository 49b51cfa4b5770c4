// Splits a multi-document YAML text at its `---` lines so each document can be parsed, and its findings
// cached, on its own. A document marker at the start of a line always starts a document in YAML (even
// inside a block scalar), so the split parses the same as the whole text. Directives (`%YAML`) belong
// to the document after them: a text with any is kept whole.

export interface ManifestChunk {
  text: string;
  /** 0-based offset of the chunk in the whole text. */
  offset: number;
  /** 1-based line where the chunk starts. */
  line: number;
}

const MARKER = /^---(?:[ \t\r\n]|$)/;

export function splitDocuments(text: string): ManifestChunk[] {
  if (/^%/m.test(text)) return [{ text, offset: 0, line: 1 }];
  const chunks: ManifestChunk[] = [];
  let start = 0;
  let startLine = 1;
  let offset = 0;
  let line = 1;
  while (offset < text.length) {
    const nl = text.indexOf('\n', offset);
    const next = nl < 0 ? text.length : nl + 1;
    if (offset > start && text.startsWith('---', offset) && MARKER.test(text.slice(offset, offset + 4))) {
      chunks.push({ text: text.slice(start, offset), offset: start, line: startLine });
      start = offset;
      startLine = line;
    }
    offset = next;
    line++;
  }
  chunks.push({ text: text.slice(start), offset: start, line: startLine });
  return chunks;
}
