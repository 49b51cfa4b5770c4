// What the canvas draws: nodes, edges, the palette, the context menu and the banners. Pure views of their
// props; a node or edge re-renders only when its own props change (memo), so a status update or a new
// selection redraws the steps concerned, not all of them.
import { memo } from 'preact/compat';
import type { GraphGroup, GraphNode, GraphNodeStatus, PaletteEntry, PendingGate } from '../shared/graphMessages.js';
import { curveControls } from './edgeHit.js';
import { NODE_H, NODE_W, portOut, type Box, type Direction, type DrawnEdge, type Point } from './layout.js';

/** A node's own corner: its port sits where an edge leaves it (layout.ts's portOut). */
const ORIGIN: Point = { x: 0, y: 0 };

export const STATUS_TEXT: Record<GraphNodeStatus, string> = {
  idle: '',
  queued: 'queued',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  skipped: 'skipped',
  waiting: 'waiting for approval',
  cancelled: 'cancelled',
  paused: 'paused in the debugger',
};

export function pathOf(points: Point[], dir: Direction): string {
  if (points.length === 2) {
    const [a, b] = points as [Point, Point];
    const [c1, c2] = curveControls(a, b, dir);
    return `M${a.x},${a.y} C${c1.x},${c1.y} ${c2.x},${c2.y} ${b.x},${b.y}`;
  }
  return points.map((p, i) => `${i ? 'L' : 'M'}${p.x},${p.y}`).join(' ');
}

/** A name cut to fit the box (the full one is in the aria label); room left for the matrix count. */
function shorten(name: string, max: number): string {
  return name.length > max ? `${name.slice(0, max - 1)}…` : name;
}

export function nodeLabel(n: GraphNode, status: GraphNodeStatus): string {
  const parts = [`Step ${n.name}`, n.type ? `type ${n.type}` : 'unknown type'];
  if (n.name !== n.id) parts.push(`id ${n.id}`);
  if (n.section === 'finally') parts.push('finally');
  if (n.matrix) parts.push(`${n.matrix.count} matrix instances`);
  if (n.origin) parts.push(`from template ${n.origin.template}`);
  if (status !== 'idle') parts.push(STATUS_TEXT[status]);
  if (n.errors) parts.push(`${n.errors} error${n.errors > 1 ? 's' : ''}`);
  if (n.warnings) parts.push(`${n.warnings} warning${n.warnings > 1 ? 's' : ''}`);
  return parts.join(', ');
}

/** What a node asks of the editor; one stable object, so it never defeats the memo. */
export interface NodeActions {
  choose(id: string): void;
  openLog(id: string): void;
  menu(id: string, x: number, y: number): void;
}

export interface NodeProps {
  n: GraphNode;
  /** Zoomed far out: the box and its status stripe only (text would be unreadable and costs the most). */
  detail: boolean;
  x: number;
  y: number;
  status: GraphNodeStatus;
  selected: boolean;
  highlight: boolean;
  upstream: boolean;
  /** On the last run's critical path. */
  critical: boolean;
  readOnly: boolean;
  dir: Direction;
  actions: NodeActions;
}

/** Equal for drawing: every re-sent graph has new node objects, and an edit shifts the text offsets of most. */
function sameNode(a: GraphNode, b: GraphNode): boolean {
  return (
    a.id === b.id &&
    a.name === b.name &&
    a.type === b.type &&
    a.section === b.section &&
    a.origin?.template === b.origin?.template &&
    a.matrix?.count === b.matrix?.count &&
    a.errors === b.errors &&
    a.warnings === b.warnings &&
    a.problems.join('\n') === b.problems.join('\n')
  );
}

export function sameNodeProps<P extends { n: GraphNode }>(a: P, b: P): boolean {
  for (const k of Object.keys(a) as Array<keyof P>) if (k !== 'n' && a[k] !== b[k]) return false;
  return sameNode(a.n, b.n);
}

/** What a step's element carries whether drawn in full or far out (farView.tsx): its class, name for screen readers and pointer handlers. */
export function nodeAttributes({ n, status, selected, highlight, upstream, critical, actions }: Pick<NodeProps, 'n' | 'status' | 'selected' | 'highlight' | 'upstream' | 'critical' | 'actions'>) {
  const cls = ['node', `st-${status}`, n.section === 'finally' ? 'finally' : '', selected ? 'selected' : '', highlight ? 'highlight' : '', upstream ? 'upstream' : '', critical ? 'critical' : '']
    .filter(Boolean)
    .join(' ');
  return {
    'data-node': n.id,
    class: cls,
    tabindex: 0,
    role: 'button' as const,
    'aria-label': nodeLabel(n, status) + (critical ? ', on the critical path' : ''),
    'aria-pressed': selected,
    onClick: (ev: MouseEvent) => {
      ev.stopPropagation();
      // SVG elements are not focused by a click: focus it so the keys act on this step.
      (ev.currentTarget as SVGElement).focus();
      actions.choose(n.id);
    },
    onDblClick: () => status !== 'idle' && actions.openLog(n.id),
    onContextMenu: (ev: MouseEvent) => {
      ev.preventDefault();
      actions.menu(n.id, ev.clientX, ev.clientY);
    },
  };
}

export const NodeView = memo(function NodeView(props: NodeProps) {
  const { n, detail, x, y, status, readOnly, dir } = props;
  return (
    <g {...nodeAttributes(props)} transform={`translate(${x},${y})`}>
      <rect class="box" width={NODE_W} height={NODE_H} rx="6" />
      <rect class="stripe" width="5" height={NODE_H} rx="2" />
      {detail ? <NodeDetail n={n} status={status} readOnly={readOnly} dir={dir} /> : null}
    </g>
  );
}, sameNodeProps);

function NodeDetail({ n, status, readOnly, dir }: { n: GraphNode; status: GraphNodeStatus; readOnly: boolean; dir: Direction }) {
  return (
    <>
      <text class="name" x="14" y="22">
        {shorten(n.name, n.matrix ? 17 : 22)}
      </text>
      <text class="type" x="14" y="42">
        {n.type ?? n.origin?.template ?? '?'}
        {n.origin ? ` · ${n.origin.template}` : ''}
        {status !== 'idle' ? ` · ${STATUS_TEXT[status]}` : ''}
      </text>
      {n.matrix ? (
        <g class="matrix" transform={`translate(${NODE_W - 40},6)`}>
          <rect width="34" height="16" rx="8" />
          <text x="17" y="12">{`×${n.matrix.count}`}</text>
        </g>
      ) : null}
      {n.errors || n.warnings ? (
        <g class={`badge ${n.errors ? 'err' : 'warn'}`} transform={`translate(${NODE_W - 14},${NODE_H - 14})`}>
          <circle r="9" />
          <text y="4">{n.errors || n.warnings}</text>
          <title>{n.problems.join('\n')}</title>
        </g>
      ) : null}
      {!readOnly ? <circle class="port" data-port={n.id} cx={portOut(ORIGIN, dir).x} cy={portOut(ORIGIN, dir).y} r="6" aria-hidden="true" /> : null}
    </>
  );
}

/** The approval bar's height: it fits in the gap between two steps of a layer. */
export const GATE_H = 20;

/** What the approval buttons ask of the editor (one stable object, as NodeActions). */
export interface GateActions {
  answer(id: string, decision: 'approved' | 'rejected'): void;
}

/**
 * Approve / Reject under a node whose gate waits for an answer. Real buttons (in a foreignObject), so
 * Tab reaches them and screen readers name them; drawn beside the node's group rather than inside it,
 * since a control inside another (the node is a button) is announced badly. Keys and pointer presses
 * stay here: the canvas would take Enter as "show the YAML" and a press as the start of a pan.
 */
export const ApprovalBar = memo(function ApprovalBar({ gate, step, x, y, actions }: { gate: PendingGate; step: string; x: number; y: number; actions: GateActions }) {
  const what = `step ${step}${gate.step !== gate.stepId ? ` (${gate.step})` : ''}`;
  return (
    <foreignObject class="gate" data-gate={gate.id} data-gate-step={gate.stepId} x={x} y={y + NODE_H + 1} width={NODE_W} height={GATE_H}>
      <div class="gate-bar" role="group" aria-label={`Approval for ${what}: ${gate.message}`} onKeyDown={(e) => e.stopPropagation()} onPointerDown={(e) => e.stopPropagation()} onClick={(e) => e.stopPropagation()}>
        <button class="gate-approve" title={gate.message} aria-label={`Approve ${what}: ${gate.message}`} onClick={() => actions.answer(gate.id, 'approved')}>
          Approve
        </button>
        <button class="gate-reject" title={gate.message} aria-label={`Reject ${what}: ${gate.message}`} onClick={() => actions.answer(gate.id, 'rejected')}>
          Reject
        </button>
      </div>
    </foreignObject>
  );
});

export function groupLabel(g: GraphGroup): string {
  return `Job ${g.label}${g.label !== g.id ? ` (${g.id})` : ''}, ${g.steps.length} step${g.steps.length === 1 ? '' : 's'}${g.matrix ? `, ${g.matrix.count} matrix instances` : ''}`;
}

/** A job: a labelled box behind its steps, with a port to drag a need from the whole job. */
export const GroupView = memo(function GroupView({ g, box, selected, readOnly, dir, onSelect }: { g: GraphGroup; box: Box; selected: boolean; readOnly: boolean; dir: Direction; onSelect(id: string): void }) {
  const port = dir === 'DOWN' ? { x: box.width / 2, y: box.height } : { x: box.width, y: box.height / 2 };
  return (
    <g
      data-group={g.id}
      class={`group${selected ? ' selected' : ''}`}
      transform={`translate(${box.x},${box.y})`}
      role="group"
      aria-label={groupLabel(g)}
      onClick={(ev) => {
        ev.stopPropagation();
        onSelect(g.id);
      }}
    >
      <rect class="group-box" width={box.width} height={box.height} rx="8" />
      <text class="group-name" x="10" y="19">
        {shorten(g.label, Math.max(4, Math.floor((box.width - (g.matrix ? 60 : 20)) / 7)))}
        {g.matrix ? <tspan class="group-matrix">{`  ×${g.matrix.count}`}</tspan> : null}
      </text>
      {!readOnly ? <circle class="port" data-port={g.id} cx={port.x} cy={port.y} r="6" aria-hidden="true" /> : null}
    </g>
  );
});

interface EdgeProps {
  e: DrawnEdge;
  d: string;
  selected: boolean;
  upstream: boolean;
  critical: boolean;
  /** Zoomed far out: no tooltip element and no arrowhead per edge. */
  detail: boolean;
  onSelect(key: string): void;
}

function sameEdgeProps(a: EdgeProps, b: EdgeProps): boolean {
  return a.d === b.d && a.detail === b.detail && a.critical === b.critical && a.selected === b.selected && a.upstream === b.upstream && a.onSelect === b.onSelect && a.e.from === b.e.from && a.e.to === b.e.to && a.e.onCycle === b.e.onCycle && a.e.group === b.e.group;
}

/** An edge's classes after `edge` (each starting with a space), for one edge or a shared path of alike ones. */
export function edgeLook(e: DrawnEdge, selected: boolean, upstream: boolean, critical: boolean): string {
  return `${e.onCycle ? ' cycle' : ''}${e.group ? ' job-edge' : ''}${selected ? ' selected' : ''}${upstream ? ' upstream' : ''}${critical ? ' critical' : ''}`;
}

export const EdgeView = memo(function EdgeView({ e, d, selected, upstream, critical, detail, onSelect }: EdgeProps) {
  const key = `${e.from}>${e.to}`;
  return (
    <path
      data-edge={key}
      class={`edge${edgeLook(e, selected, upstream, critical)}`}
      d={d}
      // Far out an arrowhead is under a pixel, and 1,862 marker instances cost the first paint.
      marker-end={detail ? 'url(#arrow)' : undefined}
      onClick={(ev) => {
        ev.stopPropagation();
        onSelect(key);
      }}
    >
      {detail ? <title>{`${e.to} needs ${e.from}`}</title> : null}
    </path>
  );
}, sameEdgeProps);

export function Palette({ entries, readOnly, onAdd }: { entries: PaletteEntry[]; readOnly: boolean; onAdd(type: string): void }) {
  return (
    <aside class="palette" aria-label="Step types">
      <h2>Add a step</h2>
      <ul>
        {entries.map((p) => (
          <li key={p.type}>
            <button
              class="pal"
              disabled={readOnly}
              draggable={!readOnly}
              title={p.description ?? p.type}
              data-type={p.type}
              onDragStart={(e) => e.dataTransfer?.setData('application/x-ansflow-step-type', p.type)}
              onClick={() => onAdd(p.type)}
            >
              {p.type}
            </button>
          </li>
        ))}
      </ul>
      <p class="muted hint">Click adds after the selected step; drag onto the canvas or a step. Drag from a step's port (●) to another step to add a need.</p>
    </aside>
  );
}

export function Banners({ error, notice, dismiss }: { error?: string; notice?: string; dismiss(): void }) {
  return (
    <>
      {error ? (
        <div class="banner error" role="alert">
          The text does not parse; showing the last good graph, editing is off. {error}
        </div>
      ) : null}
      {notice ? (
        <div class="banner notice" role="status">
          {notice}{' '}
          <button class="link" onClick={dismiss} aria-label="Dismiss">
            ×
          </button>
        </div>
      ) : null}
    </>
  );
}

export function ContextMenu({ x, y, items, close }: { x: number; y: number; items: Array<readonly [string, () => void]>; close(): void }) {
  return (
    <div class="menu" role="menu" style={{ left: `${x}px`, top: `${y}px` }} onKeyDown={(e) => e.key === 'Escape' && close()}>
      {items.map(([label, act]) => (
        <button
          key={label}
          role="menuitem"
          onClick={() => {
            close();
            act();
          }}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
