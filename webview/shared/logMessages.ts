// The merged log view's protocol (sibling of graphMessages.ts): both directions in one union each,
// imported by the host (src/vscode/logs) and the webview (webview/logs), validated on arrival on both
// sides. Lines are cluster/container output as the APIs give it, or run step logs already masked in
// the run store; no secret is added here.
import { LOG_LEVELS, type LogLevel } from '../../src/core/logs/logLine.js';
import type { LogSourceState } from '../../src/core/logs/logSource.js';
import { isObj, isStr, isCount } from './guards.js';

/** A line as it travels: `seq` orders it, `source` names a {@link WireSource}. */
export interface WireLine {
  seq: number;
  source: string;
  ts: string;
  t: number;
  text: string;
  level?: LogLevel;
}

/** A source in the legend. */
export interface WireSource {
  id: string;
  label: string;
  state: LogSourceState;
  detail?: string;
}

/** The filter as the webview applies it; sent with an export so the file holds what is shown. */
export interface WireFilter {
  text: string;
  regex: boolean;
  levels: LogLevel[];
}

/** Host → webview. */
export type ToLogsWebview =
  | { type: 'init'; title: string; bufferLines: number }
  /** New lines; the webview answers with `ack` once drawn, and the host sends the next batch then. */
  | { type: 'lines'; lines: WireLine[]; missed: number }
  | { type: 'sources'; sources: WireSource[] }
  | { type: 'stats'; dropped: number; paused: number }
  | { type: 'notice'; message: string };

/** Webview → host. */
export type FromLogsWebview = { type: 'ready' } | { type: 'ack'; seq: number } | { type: 'export'; filter: WireFilter };

const STATES: readonly string[] = ['following', 'reconnecting', 'ended', 'failed'];
const isLevel = (v: unknown): v is LogLevel => isStr(v) && (LOG_LEVELS as readonly string[]).includes(v);

function parseFilter(v: unknown): WireFilter | undefined {
  if (!isObj(v) || !isStr(v.text) || v.text.length > 1000 || typeof v.regex !== 'boolean' || !Array.isArray(v.levels) || !v.levels.every(isLevel)) return undefined;
  return { text: v.text, regex: v.regex, levels: [...new Set(v.levels)] };
}

/** Validates a message from the logs webview; undefined for anything malformed or unknown. */
export function parseFromLogsWebview(raw: unknown): FromLogsWebview | undefined {
  if (!isObj(raw) || !isStr(raw.type)) return undefined;
  switch (raw.type) {
    case 'ready':
      return { type: 'ready' };
    case 'ack':
      return isCount(raw.seq) ? { type: 'ack', seq: raw.seq } : undefined;
    case 'export': {
      const filter = parseFilter(raw.filter);
      return filter ? { type: 'export', filter } : undefined;
    }
    default:
      return undefined;
  }
}

function parseLine(v: unknown): WireLine | undefined {
  if (!isObj(v) || !isCount(v.seq) || !isStr(v.source) || !isStr(v.ts) || typeof v.t !== 'number' || !isStr(v.text)) return undefined;
  if (v.level !== undefined && !isLevel(v.level)) return undefined;
  return { seq: v.seq, source: v.source, ts: v.ts, t: v.t, text: v.text, ...(v.level ? { level: v.level } : {}) };
}

function parseSource(v: unknown): WireSource | undefined {
  if (!isObj(v) || !isStr(v.id) || !isStr(v.label) || !isStr(v.state) || !STATES.includes(v.state)) return undefined;
  if (v.detail !== undefined && !isStr(v.detail)) return undefined;
  return { id: v.id, label: v.label, state: v.state as LogSourceState, ...(v.detail ? { detail: v.detail } : {}) };
}

/** Validates a message from the host; undefined for anything malformed or unknown. */
export function parseToLogsWebview(raw: unknown): ToLogsWebview | undefined {
  if (!isObj(raw) || !isStr(raw.type)) return undefined;
  switch (raw.type) {
    case 'init':
      return isStr(raw.title) && isCount(raw.bufferLines) && raw.bufferLines > 0 ? { type: 'init', title: raw.title, bufferLines: raw.bufferLines } : undefined;
    case 'lines': {
      if (!Array.isArray(raw.lines) || !isCount(raw.missed)) return undefined;
      const lines = raw.lines.map(parseLine);
      return lines.every((l): l is WireLine => !!l) ? { type: 'lines', lines, missed: raw.missed } : undefined;
    }
    case 'sources': {
      if (!Array.isArray(raw.sources)) return undefined;
      const sources = raw.sources.map(parseSource);
      return sources.every((s): s is WireSource => !!s) ? { type: 'sources', sources } : undefined;
    }
    case 'stats':
      return isCount(raw.dropped) && isCount(raw.paused) ? { type: 'stats', dropped: raw.dropped, paused: raw.paused } : undefined;
    case 'notice':
      return isStr(raw.message) ? { type: 'notice', message: raw.message } : undefined;
    default:
      return undefined;
  }
}
