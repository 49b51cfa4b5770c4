// The minimap of a big graph: every step as a dot of one path (cheap at any size) and the view's frame;
// pressing or dragging on it centres the view there. A pointer aid: the keyboard moves between steps.
import { useMemo, useRef } from 'preact/hooks';
import { NODE_H, NODE_W, type Layout } from './layout.js';
import type { Viewport } from './vscodeApi.js';

const MAP_W = 180;
const MAP_H = 120;
/** Smaller graphs fit the canvas at a readable zoom: no minimap. */
export const MINIMAP_FROM = 40;

interface Props {
  layout: Layout;
  view: Viewport;
  /** The canvas's size in screen pixels. */
  canvas: { w: number; h: number };
  /** Centre the view on this graph point. */
  centre(x: number, y: number): void;
  /** Steps to mark (the critical path), drawn over the rest. */
  marked?: ReadonlySet<string>;
}

export function Minimap({ layout, view, canvas, centre, marked }: Props) {
  const scale = Math.min(MAP_W / Math.max(1, layout.width), MAP_H / Math.max(1, layout.height));
  const boxes = useMemo(() => {
    let all = '';
    let hot = '';
    for (const [id, p] of Object.entries(layout.nodes)) {
      const r = `M${(p.x * scale).toFixed(1)},${(p.y * scale).toFixed(1)}h${Math.max(1, NODE_W * scale).toFixed(1)}v${Math.max(1, NODE_H * scale).toFixed(1)}h${-Math.max(1, NODE_W * scale).toFixed(1)}z`;
      if (marked?.has(id)) hot += r;
      else all += r;
    }
    return { all, hot };
  }, [layout, scale, marked]);
  const dragging = useRef(false);
  const at = (ev: PointerEvent) => {
    const r = (ev.currentTarget as SVGSVGElement).getBoundingClientRect();
    centre((ev.clientX - r.left) / scale, (ev.clientY - r.top) / scale);
  };
  const frame = { x: (-view.x / view.k) * scale, y: (-view.y / view.k) * scale, w: (canvas.w / view.k) * scale, h: (canvas.h / view.k) * scale };
  return (
    <svg
      class="minimap"
      width={Math.max(24, Math.ceil(layout.width * scale))}
      height={Math.max(24, Math.ceil(layout.height * scale))}
      role="img"
      aria-label="Minimap of the whole graph; press or drag on it to move the view"
      onPointerDown={(ev) => {
        ev.stopPropagation();
        dragging.current = true;
        (ev.currentTarget as SVGSVGElement).setPointerCapture?.(ev.pointerId);
        at(ev);
      }}
      onPointerMove={(ev) => dragging.current && at(ev)}
      onPointerUp={() => (dragging.current = false)}
    >
      <path class="minimap-nodes" d={boxes.all} />
      {boxes.hot ? <path class="minimap-nodes critical" d={boxes.hot} /> : null}
      <rect class="minimap-view" x={frame.x} y={frame.y} width={Math.max(2, frame.w)} height={Math.max(2, frame.h)} />
    </svg>
  );
}
