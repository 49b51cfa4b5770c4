// A graph editor's edit as a value: what the user did on the graph, named by step and job ids, worked out
// into text edits against one analysis of the text. The language worker answers it from the analysis it
// already holds, so an edit made on the graph does not parse the document on the extension host's thread;
// a document the worker does not hold is worked out on that thread with the same function.
import type { PipelineAnalysis } from '../PipelineAnalysis.js';
import type { SchemaNavigator } from '../SchemaNavigator.js';
import { addNeed, addStep, deleteStep, duplicateStep, removeNeed, renameStep, type GraphEditResult } from './graphEdits.js';
import { addJob, deleteJob, renameJob } from './jobEdits.js';
import { setStepKey, type FormValue } from './stepKeys.js';

/** One edit of the graph editor (its webview messages, with the new name a rename asked for). */
export type GraphEditRequest =
  /** `job`: at the end of that job's steps. */
  | { edit: 'addStep'; stepType: string; needs?: string[]; job?: string }
  | { edit: 'addNeed'; from: string; to: string }
  | { edit: 'removeNeed'; from: string; to: string }
  | { edit: 'duplicateStep'; id: string }
  | { edit: 'deleteStep'; id: string }
  | { edit: 'renameStep'; id: string; name: string }
  /** `key`: `[common key]` or `['with', parameter]`; null removes it. */
  | { edit: 'setKey'; id: string; key: string[]; value: FormValue }
  | { edit: 'addJob'; stepType?: string }
  | { edit: 'deleteJob'; id: string }
  | { edit: 'renameJob'; id: string; name: string };

/** The text edits of `request` against `analysis` (or why it cannot be made). */
export function graphEdit(analysis: PipelineAnalysis, nav: SchemaNavigator, request: GraphEditRequest): GraphEditResult {
  switch (request.edit) {
    case 'addStep':
      return addStep(analysis, nav, request.stepType, { ...(request.needs ? { needs: request.needs } : {}), ...(request.job ? { job: request.job } : {}) });
    case 'addNeed':
      return addNeed(analysis, request.from, request.to);
    case 'removeNeed':
      return removeNeed(analysis, request.from, request.to);
    case 'duplicateStep':
      return duplicateStep(analysis, request.id);
    case 'deleteStep':
      return deleteStep(analysis, request.id);
    case 'renameStep':
      return renameStep(analysis, request.id, request.name);
    case 'setKey':
      return setStepKey(analysis, request.id, request.key, request.value);
    case 'addJob':
      return addJob(analysis, nav, request.stepType);
    case 'deleteJob':
      return deleteJob(analysis, request.id);
    case 'renameJob':
      return renameJob(analysis, request.id, request.name);
  }
}

const isStr = (v: unknown): v is string => typeof v === 'string';
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isStr);
const isFormValue = (v: unknown): v is FormValue => v === null || isStr(v) || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** Whether `v` is a well-formed {@link GraphEditRequest} (the edit functions judge the names themselves). */
export function isGraphEditRequest(v: unknown): v is GraphEditRequest {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const r = v as Record<string, unknown>;
  switch (r.edit) {
    case 'addStep':
      return isStr(r.stepType) && (r.needs === undefined || isStrings(r.needs)) && (r.job === undefined || isStr(r.job));
    case 'addNeed':
    case 'removeNeed':
      return isStr(r.from) && isStr(r.to);
    case 'duplicateStep':
    case 'deleteStep':
    case 'deleteJob':
      return isStr(r.id);
    case 'renameStep':
    case 'renameJob':
      return isStr(r.id) && isStr(r.name);
    case 'setKey':
      return isStr(r.id) && isStrings(r.key) && (r.key.length === 1 || r.key.length === 2) && isFormValue(r.value);
    case 'addJob':
      return r.stepType === undefined || isStr(r.stepType);
    default:
      return false;
  }
}

/** Whether `v` has the shape of a {@link GraphEditResult}: edits (offset ranges and text) or a one-line error. */
export function isGraphEditResult(v: unknown): v is GraphEditResult {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const r = v as Record<string, unknown>;
  if ('error' in r) return isStr(r.error);
  const isOffset = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;
  return (
    Array.isArray(r.edits) &&
    r.edits.every((e: unknown) => {
      const edit = e as { newText?: unknown; range?: { start?: unknown; end?: unknown } } | null;
      return typeof edit === 'object' && edit !== null && isStr(edit.newText) && isOffset(edit.range?.start) && isOffset(edit.range?.end) && (edit.range!.start as number) <= (edit.range!.end as number);
    }) &&
    (r.select === undefined || isStr(r.select))
  );
}
