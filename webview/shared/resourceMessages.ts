// The Resources panel's protocol (sibling of logMessages.ts): both directions in one union each,
// imported by the host (src/vscode/observability) and the webview (webview/resources), validated on
// arrival on both sides. The host computes everything shown (sorting, top-N, figures as text,
// sparkline values); the page only draws and asks for another sort or top-N.
import type { ResourcesView, ResourceViewRow } from '../../src/core/observability/metrics/ResourcesModel.js';
import type { SortBy, SortDir } from '../../src/core/observability/metrics/resourceRows.js';
import { isObj, isStr, isNum, isCount } from './guards.js';

/** Host → webview. */
export type ToResourcesWebview = { type: 'view'; view: ResourcesView };

/** Webview → host. */
export type FromResourcesWebview = { type: 'ready' } | { type: 'sort'; by: SortBy; dir: SortDir } | { type: 'topN'; n: number };

/** Top-N sizes the page offers. */
export const TOP_N_CHOICES: readonly number[] = [5, 10, 20];

const SORT_BY: readonly string[] = ['name', 'cpu', 'memory'];
const SORT_DIR: readonly string[] = ['asc', 'desc'];
const KINDS: readonly string[] = ['node', 'pod', 'container'];
const SOURCES: readonly string[] = ['metrics.k8s.io', 'kubelet-summary', 'docker', 'none'];

const isNums = (v: unknown): v is number[] => Array.isArray(v) && v.length <= 1000 && v.every(isNum);
const optStr = (v: unknown) => v === undefined || isStr(v);

/** Validates a message from the Resources webview; undefined for anything malformed or unknown. */
export function parseFromResourcesWebview(raw: unknown): FromResourcesWebview | undefined {
  if (!isObj(raw) || !isStr(raw.type)) return undefined;
  switch (raw.type) {
    case 'ready':
      return { type: 'ready' };
    case 'sort':
      return isStr(raw.by) && SORT_BY.includes(raw.by) && isStr(raw.dir) && SORT_DIR.includes(raw.dir) ? { type: 'sort', by: raw.by as SortBy, dir: raw.dir as SortDir } : undefined;
    case 'topN':
      return isCount(raw.n) && TOP_N_CHOICES.includes(raw.n) ? { type: 'topN', n: raw.n } : undefined;
    default:
      return undefined;
  }
}

function parseRow(v: unknown): ResourceViewRow | undefined {
  if (!isObj(v) || !isStr(v.key) || !isStr(v.kind) || !KINDS.includes(v.kind) || !isStr(v.name) || !optStr(v.namespace) || !optStr(v.pod)) return undefined;
  if (!isStr(v.cpu) || !isStr(v.memory) || !isNums(v.cpuSeries) || !isNums(v.memorySeries)) return undefined;
  return {
    key: v.key,
    kind: v.kind as ResourceViewRow['kind'],
    name: v.name,
    ...(isStr(v.namespace) ? { namespace: v.namespace } : {}),
    ...(isStr(v.pod) ? { pod: v.pod } : {}),
    cpu: v.cpu,
    memory: v.memory,
    cpuSeries: v.cpuSeries,
    memorySeries: v.memorySeries,
  };
}

function parseRows(v: unknown): ResourceViewRow[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const rows = v.map(parseRow);
  return rows.every((r): r is ResourceViewRow => !!r) ? rows : undefined;
}

function parseView(v: unknown): ResourcesView | undefined {
  if (!isObj(v) || !isStr(v.title) || !isNum(v.time) || !isStr(v.source) || !SOURCES.includes(v.source) || !optStr(v.note) || !optStr(v.error)) return undefined;
  const sort = v.sort;
  if (!isObj(sort) || !isStr(sort.by) || !SORT_BY.includes(sort.by) || !isStr(sort.dir) || !SORT_DIR.includes(sort.dir) || !isCount(v.topN) || !isCount(v.windowMinutes)) return undefined;
  const nodes = parseRows(v.nodes);
  const pods = parseRows(v.pods);
  const containers = parseRows(v.containers);
  const topCpu = parseRows(v.topCpu);
  const topMemory = parseRows(v.topMemory);
  if (!nodes || !pods || !containers || !topCpu || !topMemory) return undefined;
  const omitted = v.omitted;
  if (omitted !== undefined && !(isObj(omitted) && isCount(omitted.nodes) && isCount(omitted.pods) && isCount(omitted.containers))) return undefined;
  return {
    title: v.title,
    time: v.time,
    source: v.source as ResourcesView['source'],
    ...(isStr(v.note) ? { note: v.note } : {}),
    ...(isStr(v.error) ? { error: v.error } : {}),
    sort: { by: sort.by as SortBy, dir: sort.dir as SortDir },
    topN: v.topN,
    nodes,
    pods,
    containers,
    topCpu,
    topMemory,
    windowMinutes: v.windowMinutes,
    ...(isObj(omitted) ? { omitted: { nodes: omitted.nodes as number, pods: omitted.pods as number, containers: omitted.containers as number } } : {}),
  };
}

/** Validates a message from the host; undefined for anything malformed or unknown. */
export function parseToResourcesWebview(raw: unknown): ToResourcesWebview | undefined {
  if (!isObj(raw) || raw.type !== 'view') return undefined;
  const view = parseView(raw.view);
  return view ? { type: 'view', view } : undefined;
}
