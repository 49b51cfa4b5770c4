// The text "Export…" writes: one line per log line, `timestamp [source] text`, as filtered in the view.
import type { LineFilter } from './lineFilter.js';
import type { LogLine, LogSourceInfo } from './logLine.js';

/** Lines that pass `filter`, as file text with the API's timestamp and the source's label. */
export function exportLines(lines: readonly LogLine[], sources: readonly LogSourceInfo[], filter: LineFilter): string {
  const labels = new Map(sources.map((s) => [s.id, s.label]));
  let out = '';
  for (const l of lines) if (filter(l)) out += `${l.ts} [${labels.get(l.source) ?? l.source}] ${l.text}\n`;
  return out;
}
