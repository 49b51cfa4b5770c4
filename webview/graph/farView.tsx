// A big graph zoomed out past the text threshold. Each step is one <rect> (still the focusable,
// labelled button the keys and screen readers use, and the click target), status stripes are one path
// per status and edges one path per look, instead of a group of three elements per step and an element
// per edge: Chromium's style, layout and paint of ~4,900 SVG elements was most of a 1,000-step
// graph's first paint. A click on a shared edge path is resolved to its edge by edgeAt.
import { memo } from 'preact/compat';
import type { GraphNodeStatus } from '../shared/graphMessages.js';
import { NODE_H, NODE_W, type Point } from './layout.js';
import { nodeAttributes, sameNodeProps, type NodeProps } from './render.js';

/** What a step's box needs whether drawn far out or in full. */
export type FarNodeProps = Omit<NodeProps, 'detail' | 'readOnly' | 'dir'>;

export const FarNode = memo(function FarNode(props: FarNodeProps) {
  const a = nodeAttributes(props);
  return <rect {...a} class={`${a.class} far`} x={props.x} y={props.y} width={NODE_W} height={NODE_H} rx="6" />;
}, sameNodeProps);

/** The status stripes of the steps drawn far out: one path per status, under no pointer. */
export function FarStripes({ steps }: { steps: ReadonlyArray<{ x: number; y: number; status: GraphNodeStatus }> }) {
  const byStatus = new Map<GraphNodeStatus, string>();
  for (const s of steps) byStatus.set(s.status, `${byStatus.get(s.status) ?? ''}M${s.x},${s.y}h5v${NODE_H}h-5z`);
  return (
    <>
      {[...byStatus].map(([status, d]) => (
        <g key={status} class={`stripes st-${status}`} aria-hidden="true">
          <path class="stripe" d={d} />
        </g>
      ))}
    </>
  );
}

/** One drawn edge: its key (`from>to`), its look (the classes after `edge`), its path and points. */
export interface FarEdge {
  key: string;
  look: string;
  d: string;
  points: Point[];
}

/** Edges far out, one path per look; `pick` gets the click to find which edge it was on. */
export const FarEdges = memo(function FarEdges({ edges, pick }: { edges: FarEdge[]; pick(ev: MouseEvent): void }) {
  const byLook = new Map<string, string[]>();
  for (const e of edges) {
    const list = byLook.get(e.look);
    if (list) list.push(e.d);
    else byLook.set(e.look, [e.d]);
  }
  return (
    <>
      {[...byLook].map(([look, ds]) => (
        <path key={look} data-edges={ds.length} class={`edge${look}`} d={ds.join(' ')} onClick={pick} />
      ))}
    </>
  );
}, sameFarEdges);

function sameFarEdges(a: { edges: FarEdge[]; pick: unknown }, b: { edges: FarEdge[]; pick: unknown }): boolean {
  if (a.pick !== b.pick || a.edges.length !== b.edges.length) return false;
  for (let i = 0; i < a.edges.length; i++) if (a.edges[i]!.d !== b.edges[i]!.d || a.edges[i]!.look !== b.edges[i]!.look) return false;
  return true;
}
