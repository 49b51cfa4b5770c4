// The graph editor's protocol (sibling of messages.ts): both directions in one union each, imported by
// the host (src/vscode/graph) and the webview (webview/graph), validated on arrival on both sides.
// Nothing secret travels here: ids, names, types, statuses, diagnostics text and offsets.
import type { GraphModel, GraphNodeStatus } from '../../src/core/graph/graphModel.js';
import type { GraphPatch } from '../../src/core/graph/graphPatch.js';
import type { FormField, FormValue, StepForm } from '../../src/language/graph/index.js';
import { isObj, isStr } from './guards.js';

export type { GraphModel, GraphNode, GraphModelEdge, GraphNodeStatus, GraphGroup, GraphGroupEdge } from '../../src/core/graph/graphModel.js';
export type { FormField, FormValue, StepForm } from '../../src/language/graph/index.js';

/** A step type the palette offers. */
export interface PaletteEntry {
  type: string;
  description?: string;
}

/** A gate the graph offers Approve / Reject on; `message` is the runner's masked text. */
export interface PendingGate {
  /** The pending-approvals registry's request id. */
  id: string;
  /** The step instance key (`deploy[env=prod]`). */
  step: string;
  /** The node it belongs to. */
  stepId: string;
  message: string;
}

/** Host → webview. */
export type ToGraphWebview =
  /** Approval gates of this file's runs in this window that wait for an answer (empty: none). */
  | { type: 'approvals'; approvals: PendingGate[] }
  /** The graph of the text's current version; `error` when the text does not parse (the graph is then the last good one, editing off). */
  | { type: 'graph'; graph: GraphModel; version: number; error?: string }
  /** A small change to the graph of version `base` (the webview asks for the whole graph again with `ready` when it holds another). */
  | { type: 'graphPatch'; base: number; version: number; patch: GraphPatch }
  | { type: 'palette'; entries: PaletteEntry[] }
  /** The text cursor is in this step (or in none). */
  | { type: 'highlight'; id?: string }
  /** Live run statuses by step id (empty when no run of this file is known). */
  | { type: 'status'; statuses: Record<string, GraphNodeStatus>; runId?: string }
  /** The steps a debug session of this file holds now (empty: none); drawn paused over the run's statuses. */
  | { type: 'paused'; ids: string[] }
  /** A refused or failed edit, shown in the banner. */
  | { type: 'notice'; message: string }
  /** The critical path of the newest finished run of this file (no ids: none recorded). */
  | { type: 'critical'; ids: string[]; totalMs: number; runId?: string }
  /** The side form of the step the webview inspects (none: no step, or it is gone). */
  | { type: 'form'; form?: StepForm };

/** Webview → host. Every edit names steps by id; the host re-reads the current text before editing. */
export type FromGraphWebview =
  /** Answers a waiting approval gate (a request id from an `approvals` message). */
  | { type: 'answerApproval'; id: string; decision: 'approved' | 'rejected' }
  | { type: 'ready' }
  | { type: 'select'; id: string }
  /** `job`: at the end of that job's steps. */
  | { type: 'addStep'; stepType: string; needs?: string[]; job?: string }
  | { type: 'addNeed'; from: string; to: string }
  | { type: 'removeNeed'; from: string; to: string }
  | { type: 'deleteStep'; id: string }
  | { type: 'duplicateStep'; id: string }
  | { type: 'renameStep'; id: string }
  | { type: 'openLog'; id: string }
  | { type: 'runFrom'; id: string }
  | { type: 'runStep'; id: string }
  /** Reruns the failed steps of the run shown on the graph. */
  | { type: 'rerunFailed' }
  /** The step the side form shows (none: the selection left every step). */
  | { type: 'inspect'; id?: string }
  /** One key of a step from the side form: `[common key]` or `['with', parameter]`; null removes it. */
  | { type: 'setKey'; id: string; key: string[]; value: FormValue }
  | { type: 'addJob'; stepType?: string }
  | { type: 'renameJob'; id: string }
  | { type: 'deleteJob'; id: string };

const STEP_ID = /^[A-Za-z_][\w-]{0,127}$/;
const STEP_TYPE = /^[A-Za-z][\w.-]{0,63}$/;
const STATUSES: readonly GraphNodeStatus[] = ['idle', 'queued', 'running', 'succeeded', 'failed', 'skipped', 'waiting', 'cancelled', 'paused'];
const isId = (v: unknown): v is string => isStr(v) && STEP_ID.test(v);
const FORM_KEY = /^[A-Za-z_][\w.-]{0,63}$/;
const FIELD_KINDS = ['string', 'number', 'boolean', 'enum', 'other'];
const SEVERITIES = ['error', 'warning', 'info', 'hint'];
const isProblems = (v: unknown): boolean => Array.isArray(v) && v.every((p) => isObj(p) && SEVERITIES.includes(p.severity as string) && isStr(p.message));
const isField = (f: unknown): f is FormField =>
  isObj(f) &&
  Array.isArray(f.key) &&
  f.key.every(isStr) &&
  FIELD_KINDS.includes(f.kind as string) &&
  typeof f.required === 'boolean' &&
  (f.options === undefined || (Array.isArray(f.options) && f.options.every(isStr))) &&
  (f.description === undefined || isStr(f.description)) &&
  (f.value === undefined || ['string', 'number', 'boolean'].includes(typeof f.value)) &&
  isProblems(f.problems);
const isForm = (v: unknown): v is StepForm =>
  isObj(v) && isStr(v.id) && (v.type === undefined || isStr(v.type)) && Array.isArray(v.fields) && v.fields.every(isField) && isProblems(v.problems) && (v.note === undefined || isStr(v.note));
const REQUEST_ID = /^[A-Za-z0-9-]{1,64}$/;
const isRequestId = (v: unknown): v is string => isStr(v) && REQUEST_ID.test(v);
const isGate = (v: unknown): v is PendingGate => isObj(v) && isRequestId(v.id) && isStr(v.step) && v.step.length <= 1024 && isId(v.stepId) && isStr(v.message) && v.message.length <= 10_000;

/** Validates a message from the graph webview; undefined for anything malformed or unknown. */
export function parseFromGraphWebview(raw: unknown): FromGraphWebview | undefined {
  if (!isObj(raw) || !isStr(raw.type)) return undefined;
  switch (raw.type) {
    case 'answerApproval':
      return isRequestId(raw.id) && (raw.decision === 'approved' || raw.decision === 'rejected') ? { type: 'answerApproval', id: raw.id, decision: raw.decision } : undefined;
    case 'ready':
    case 'rerunFailed':
      return { type: raw.type };
    case 'inspect':
      return raw.id === undefined ? { type: 'inspect' } : isId(raw.id) ? { type: 'inspect', id: raw.id } : undefined;
    case 'renameJob':
    case 'deleteJob':
      return isId(raw.id) ? { type: raw.type, id: raw.id } : undefined;
    case 'addJob':
      if (raw.stepType === undefined) return { type: 'addJob' };
      return isStr(raw.stepType) && STEP_TYPE.test(raw.stepType) ? { type: 'addJob', stepType: raw.stepType } : undefined;
    case 'setKey': {
      const key = raw.key;
      const keyOk = Array.isArray(key) && (key.length === 1 || key.length === 2) && key.every((k) => isStr(k) && FORM_KEY.test(k));
      const v = raw.value;
      const valueOk = v === null || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || (isStr(v) && v.length <= 100_000);
      return isId(raw.id) && keyOk && valueOk ? { type: 'setKey', id: raw.id, key: key as string[], value: v as FormValue } : undefined;
    }
    case 'select':
    case 'deleteStep':
    case 'duplicateStep':
    case 'renameStep':
    case 'openLog':
    case 'runFrom':
    case 'runStep':
      return isId(raw.id) ? { type: raw.type, id: raw.id } : undefined;
    case 'addNeed':
    case 'removeNeed':
      return isId(raw.from) && isId(raw.to) ? { type: raw.type, from: raw.from, to: raw.to } : undefined;
    case 'addStep': {
      if (!isStr(raw.stepType) || !STEP_TYPE.test(raw.stepType)) return undefined;
      if (raw.job !== undefined && !isId(raw.job)) return undefined;
      const job = isId(raw.job) ? { job: raw.job } : {};
      if (raw.needs === undefined) return { type: 'addStep', stepType: raw.stepType, ...job };
      return Array.isArray(raw.needs) && raw.needs.length <= 64 && raw.needs.every(isId) ? { type: 'addStep', stepType: raw.stepType, needs: raw.needs as string[], ...job } : undefined;
    }
    default:
      return undefined;
  }
}

function isRange(v: unknown): boolean {
  return isObj(v) && typeof v.start === 'number' && typeof v.end === 'number';
}

const isNode = (n: unknown): boolean =>
  isObj(n) &&
  isStr(n.id) &&
  isStr(n.name) &&
  (n.type === null || isStr(n.type)) &&
  STATUSES.includes(n.status as GraphNodeStatus) &&
  (n.section === 'steps' || n.section === 'finally') &&
  isRange(n.range) &&
  typeof n.layer === 'number' &&
  typeof n.order === 'number' &&
  typeof n.errors === 'number' &&
  typeof n.warnings === 'number' &&
  Array.isArray(n.problems);
const isEdge = (e: unknown): boolean => isObj(e) && isStr(e.from) && isStr(e.to);
const isIdLists = (v: unknown): boolean => Array.isArray(v) && v.every((l) => Array.isArray(l) && l.every(isStr));
const isGroups = (v: unknown): boolean => Array.isArray(v) && v.every((g) => isObj(g) && isStr(g.id) && isStr(g.label) && Array.isArray(g.steps) && g.steps.every(isStr));
const isEdges = (v: unknown): boolean => Array.isArray(v) && v.every(isEdge);

function isGraph(v: unknown): v is GraphModel {
  if (!isObj(v) || !Array.isArray(v.nodes) || !Array.isArray(v.edges) || !isIdLists(v.layers) || !isIdLists(v.cycles)) return false;
  return v.nodes.every(isNode) && isEdges(v.edges) && (v.groups === undefined || isGroups(v.groups)) && (v.groupEdges === undefined || isEdges(v.groupEdges));
}

function isPatch(v: unknown): v is GraphPatch {
  if (!isObj(v) || !isObj(v.set) || !Array.isArray(v.removedNodes) || !v.removedNodes.every(isStr) || !Array.isArray(v.removedEdges) || !v.removedEdges.every(isStr)) return false;
  const at = (x: Record<string, unknown>) => typeof x.at === 'number' && Number.isInteger(x.at) && x.at >= 0;
  if (!Array.isArray(v.nodes) || !v.nodes.every((x) => isObj(x) && at(x) && isNode(x.node))) return false;
  if (!Array.isArray(v.edges) || !v.edges.every((x) => isObj(x) && at(x) && isEdge(x.edge))) return false;
  const s = v.set;
  return (
    (s.name === undefined || s.name === null || isStr(s.name)) &&
    (s.layers === undefined || isIdLists(s.layers)) &&
    (s.cycles === undefined || isIdLists(s.cycles)) &&
    (s.groups === undefined || s.groups === null || isGroups(s.groups)) &&
    (s.groupEdges === undefined || s.groupEdges === null || isEdges(s.groupEdges))
  );
}

/** Validates a message from the host (the webview checks too: it may outlive a host version). */
export function parseToGraphWebview(raw: unknown): ToGraphWebview | undefined {
  if (!isObj(raw) || !isStr(raw.type)) return undefined;
  switch (raw.type) {
    case 'approvals':
      return Array.isArray(raw.approvals) && raw.approvals.length <= 1000 && raw.approvals.every(isGate)
        ? { type: 'approvals', approvals: raw.approvals.map((g: PendingGate) => ({ id: g.id, step: g.step, stepId: g.stepId, message: g.message })) }
        : undefined;
    case 'graph':
      if (!isGraph(raw.graph) || typeof raw.version !== 'number') return undefined;
      return { type: 'graph', graph: raw.graph, version: raw.version, ...(isStr(raw.error) ? { error: raw.error } : {}) };
    case 'graphPatch':
      if (!isPatch(raw.patch) || typeof raw.base !== 'number' || typeof raw.version !== 'number') return undefined;
      return { type: 'graphPatch', base: raw.base, version: raw.version, patch: raw.patch };
    case 'palette':
      return Array.isArray(raw.entries) && raw.entries.every((e) => isObj(e) && isStr(e.type))
        ? { type: 'palette', entries: (raw.entries as Array<Record<string, unknown>>).map((e) => ({ type: e.type as string, ...(isStr(e.description) ? { description: e.description } : {}) })) }
        : undefined;
    case 'highlight':
      return raw.id === undefined || isStr(raw.id) ? { type: 'highlight', ...(isStr(raw.id) ? { id: raw.id } : {}) } : undefined;
    case 'status': {
      if (!isObj(raw.statuses) || !Object.values(raw.statuses).every((s) => STATUSES.includes(s as GraphNodeStatus))) return undefined;
      return { type: 'status', statuses: raw.statuses as Record<string, GraphNodeStatus>, ...(isStr(raw.runId) ? { runId: raw.runId } : {}) };
    }
    case 'paused':
      return Array.isArray(raw.ids) && raw.ids.length <= 10_000 && raw.ids.every(isId) ? { type: 'paused', ids: raw.ids as string[] } : undefined;
    case 'notice':
      return isStr(raw.message) ? { type: 'notice', message: raw.message } : undefined;
    case 'form':
      if (raw.form === undefined) return { type: 'form' };
      return isForm(raw.form) ? { type: 'form', form: raw.form } : undefined;
    case 'critical':
      if (!Array.isArray(raw.ids) || raw.ids.length > 10_000 || !raw.ids.every(isStr) || typeof raw.totalMs !== 'number' || !(raw.totalMs >= 0)) return undefined;
      return { type: 'critical', ids: raw.ids as string[], totalMs: raw.totalMs, ...(isStr(raw.runId) ? { runId: raw.runId } : {}) };
    default:
      return undefined;
  }
}
