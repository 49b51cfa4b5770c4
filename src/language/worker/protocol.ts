// The messages between the extension host and the language worker: one union each way, checked on
// arrival (a worker built from another version, or a bug, must not reach the providers as a half-shaped
// object). Ranges stay offsets into the version a message names; the host maps them with its document.
import type { Diagnostic, TextRange } from '../../core/contracts/diagnostics.js';
import type { CompletionEntry } from '../complete.js';
import type { HoverResult } from '../hover.js';
import type { TextEdit } from '../references.js';
import type { OutlineSymbol } from '../documentSymbols.js';
import type { FoldingRange } from '../foldingRanges.js';
import type { PipelineLens } from '../codeLenses.js';
import type { QuickFix } from '../quickFixes.js';
import type { GraphViewAnswer } from '../graph/graphView.js';
import type { GraphEditResult } from '../graph/graphEdits.js';
import { isGraphEditRequest, isGraphEditResult, type GraphEditRequest } from '../graph/graphEditRequest.js';

/** One replaced span of the previous text (VS Code's contentChanges, applied in order). */
export interface TextChange {
  offset: number;
  length: number;
  text: string;
}

/** Questions about one open document at one version. */
export type LanguageRequest =
  | { method: 'complete'; offset: number }
  | { method: 'hover'; offset: number }
  | { method: 'definition'; offset: number }
  | { method: 'references'; offset: number; includeDeclaration: boolean }
  | { method: 'prepareRename'; offset: number }
  | { method: 'rename'; offset: number; newName: string }
  | { method: 'links' }
  | { method: 'symbols' }
  | { method: 'folding' }
  | { method: 'selection'; offsets: number[] }
  | { method: 'lenses' }
  | { method: 'codeActions'; start: number; end: number }
  | { method: 'diagnostics' }
  /**
   * The graph editor's view of this version: `diagnostics` are the editor's for the document, as offsets;
   * `editor` names the graph editor and the answer it holds, so this one can be a patch of it.
   */
  | { method: 'graphView'; diagnostics: Diagnostic[]; inspected?: string; editor?: { key: string; base?: number } }
  /** A graph editor's edit, worked out into text edits of this version. */
  | { method: 'graphEdit'; edit: GraphEditRequest }
  /** A pipeline file on disk that no editor has open (the workspace pass, the file watcher). */
  | { method: 'fileDiagnostics'; file: string };

export type LanguageMethod = LanguageRequest['method'];

/** A definition in this document (no file) or in another file, where the worker mapped the lines. */
export type DefinitionResult = { range: TextRange } | { file: string; start: { line: number; character: number }; end: { line: number; character: number } };

/** The answer to each request method. */
export interface LanguageResults {
  complete: CompletionEntry[];
  hover: HoverResult | undefined;
  definition: DefinitionResult | undefined;
  references: TextRange[];
  prepareRename: { range: TextRange; placeholder: string } | undefined;
  rename: TextEdit[];
  links: { range: TextRange; target: string; key: string }[];
  symbols: OutlineSymbol[];
  folding: FoldingRange[];
  selection: TextRange[][];
  lenses: PipelineLens[];
  /** `missingFiles`: file-not-found diagnostics in the range whose target is a file (a Create fix). */
  codeActions: { missingFiles: Diagnostic[]; fixes: QuickFix[] };
  diagnostics: Diagnostic[];
  graphView: GraphViewAnswer;
  graphEdit: GraphEditResult;
  /** The text the offsets refer to (undefined: the file could not be read). */
  fileDiagnostics: { text: string; diagnostics: Diagnostic[] } | undefined;
}

/** Host → worker. */
export type ToLanguageWorker =
  | { type: 'open'; uri: string; version: number; text: string; file?: string }
  /** Either the edits since the previous version or the whole new text. */
  | { type: 'change'; uri: string; version: number; changes?: TextChange[]; text?: string }
  | { type: 'close'; uri: string }
  /** Workspace folders (absolute paths), for the run store the lenses and hovers read. */
  | { type: 'folders'; folders: string[] }
  | { type: 'request'; id: number; uri: string; version: number; request: LanguageRequest };

/** Worker → host. */
export type FromLanguageWorker =
  /** Sent once the worker loaded its code and the schema: before it, a failure means it cannot start. */
  | { type: 'ready' }
  /** Pushed after each analysed version; `ms` is the worker's time for it (benches read it). */
  | { type: 'diagnostics'; uri: string; version: number; diagnostics: Diagnostic[]; ms: number }
  | { type: 'response'; id: number; ok: true; result: unknown }
  /** `error` is a one-line message for the user (e.g. why a rename is refused). */
  | { type: 'response'; id: number; ok: false; error: string }
  /** The document is at another version in the worker than the request named. */
  | { type: 'response'; id: number; ok: false; stale: true; error: string };

const METHODS: Record<LanguageMethod, (r: Record<string, unknown>) => boolean> = {
  complete: (r) => isOffset(r.offset),
  hover: (r) => isOffset(r.offset),
  definition: (r) => isOffset(r.offset),
  references: (r) => isOffset(r.offset) && typeof r.includeDeclaration === 'boolean',
  prepareRename: (r) => isOffset(r.offset),
  rename: (r) => isOffset(r.offset) && typeof r.newName === 'string',
  links: () => true,
  symbols: () => true,
  folding: () => true,
  selection: (r) => Array.isArray(r.offsets) && r.offsets.every(isOffset),
  lenses: () => true,
  codeActions: (r) => isOffset(r.start) && isOffset(r.end),
  diagnostics: () => true,
  graphView: (r) =>
    Array.isArray(r.diagnostics) &&
    r.diagnostics.every(isDiagnostic) &&
    (r.inspected === undefined || typeof r.inspected === 'string') &&
    (r.editor === undefined || (isRecord(r.editor) && typeof r.editor.key === 'string' && (r.editor.base === undefined || isOffset(r.editor.base)))),
  graphEdit: (r) => isGraphEditRequest(r.edit),
  fileDiagnostics: (r) => typeof r.file === 'string' && r.file !== '',
};

function isOffset(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function isVersion(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isChange(v: unknown): v is TextChange {
  return isRecord(v) && isOffset(v.offset) && isOffset(v.length) && typeof v.text === 'string';
}

/** The request when `v` is a well-formed one, else undefined. */
export function parseLanguageRequest(v: unknown): LanguageRequest | undefined {
  if (!isRecord(v) || typeof v.method !== 'string' || !Object.hasOwn(METHODS, v.method)) return undefined;
  return METHODS[v.method as LanguageMethod](v) ? (v as LanguageRequest) : undefined;
}

/** A host message when `v` is a well-formed one, else undefined. */
export function parseToLanguageWorker(v: unknown): ToLanguageWorker | undefined {
  if (!isRecord(v)) return undefined;
  switch (v.type) {
    case 'open':
      return typeof v.uri === 'string' && isVersion(v.version) && typeof v.text === 'string' && (v.file === undefined || typeof v.file === 'string') ? (v as ToLanguageWorker) : undefined;
    case 'change': {
      if (typeof v.uri !== 'string' || !isVersion(v.version)) return undefined;
      const edits = v.changes === undefined || (Array.isArray(v.changes) && v.changes.every(isChange));
      const text = v.text === undefined || typeof v.text === 'string';
      // Exactly one of the two forms.
      return edits && text && (v.changes === undefined) !== (v.text === undefined) ? (v as ToLanguageWorker) : undefined;
    }
    case 'close':
      return typeof v.uri === 'string' ? (v as ToLanguageWorker) : undefined;
    case 'folders':
      return Array.isArray(v.folders) && v.folders.every((f) => typeof f === 'string') ? (v as ToLanguageWorker) : undefined;
    case 'request':
      return isOffset(v.id) && typeof v.uri === 'string' && isVersion(v.version) && parseLanguageRequest(v.request) ? (v as ToLanguageWorker) : undefined;
    default:
      return undefined;
  }
}

/** A worker message when `v` is a well-formed one, else undefined (results are checked by shape at the top). */
export function parseFromLanguageWorker(v: unknown): FromLanguageWorker | undefined {
  if (!isRecord(v)) return undefined;
  if (v.type === 'ready') return v as FromLanguageWorker;
  if (v.type === 'diagnostics') {
    const ok = typeof v.uri === 'string' && isVersion(v.version) && typeof v.ms === 'number' && Array.isArray(v.diagnostics) && v.diagnostics.every(isDiagnostic);
    return ok ? (v as FromLanguageWorker) : undefined;
  }
  if (v.type === 'response' && isOffset(v.id)) {
    if (v.ok === true && 'result' in v) return v as FromLanguageWorker;
    if (v.ok === false && typeof v.error === 'string' && (v.stale === undefined || v.stale === true)) return v as FromLanguageWorker;
  }
  return undefined;
}

function isRange(v: unknown): v is TextRange {
  return isRecord(v) && isOffset(v.start) && isOffset(v.end);
}

const SEVERITIES: ReadonlySet<unknown> = new Set(['error', 'warning', 'info', 'hint']);

function isRelated(v: unknown): boolean {
  return isRecord(v) && typeof v.message === 'string' && isRange(v.range) && (v.file === undefined || typeof v.file === 'string');
}

// The host maps every range, related ones included, and each severity to VS Code's: a part missing there throws in its handler.
function isDiagnostic(v: unknown): v is Diagnostic {
  return isRecord(v) && typeof v.code === 'string' && typeof v.message === 'string' && SEVERITIES.has(v.severity) && isRange(v.range) && (v.related === undefined || (Array.isArray(v.related) && v.related.every(isRelated)));
}

/** Whether a result has the top-level shape its method answers with (undefined allowed where the method may find nothing). */
export function isResultOf(method: LanguageMethod, v: unknown): boolean {
  switch (method) {
    case 'hover':
    case 'definition':
    case 'prepareRename':
      return v === undefined || isRecord(v);
    case 'fileDiagnostics':
      return v === undefined || (isRecord(v) && typeof v.text === 'string' && Array.isArray(v.diagnostics) && v.diagnostics.every(isDiagnostic));
    case 'codeActions':
      return isRecord(v) && Array.isArray(v.missingFiles) && Array.isArray(v.fixes);
    case 'diagnostics':
      return Array.isArray(v) && v.every(isDiagnostic);
    case 'graphEdit':
      return isGraphEditResult(v);
    case 'graphView': {
      if (!isRecord(v) || !isOffset(v.id) || (v.form !== undefined && !isRecord(v.form))) return false;
      const whole = isRecord(v.graph) && Array.isArray(v.graph.nodes) && Array.isArray(v.graph.edges);
      const patch = isRecord(v.patch) && isOffset(v.patch.base) && isRecord(v.patch.patch) && v.patch.ranges instanceof Int32Array;
      return whole !== patch;
    }
    default:
      return Array.isArray(v);
  }
}
