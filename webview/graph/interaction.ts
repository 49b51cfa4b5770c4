// How the user moves around and acts on the canvas: zoom, pan and fit (with the pane's direction), the
// keyboard, and pointer drags (pan the background, draw a needs edge from a port). Edits are only asked
// for: the host makes them on the text.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type MutableRef } from 'preact/hooks';
import type { GraphModel } from '../shared/graphMessages.js';
import { endBox, NODE_H, NODE_W, type Direction, type Layout, type Point } from './layout.js';
import { saved, send, type Viewport } from './vscodeApi.js';

/** The step whose box holds `p` (graph coordinates). */
export function nodeAt(layout: Layout | undefined, p: Point): string | undefined {
  if (!layout) return undefined;
  for (const [id, q] of Object.entries(layout.nodes)) if (p.x >= q.x && p.x <= q.x + NODE_W && p.y >= q.y && p.y <= q.y + NODE_H) return id;
  return undefined;
}

/** The job whose box holds `p` (the smallest, should boxes ever nest). */
export function groupAt(layout: Layout | undefined, p: Point): string | undefined {
  let best: string | undefined;
  let area = Infinity;
  for (const [id, b] of Object.entries(layout?.groups ?? {})) {
    if (p.x < b.x || p.x > b.x + b.width || p.y < b.y || p.y > b.y + b.height || b.width * b.height >= area) continue;
    best = id;
    area = b.width * b.height;
  }
  return best;
}

/** Where a drag started from a step's or a job's port is drawn from. */
export function dragStart(layout: Layout, from: string): Point | undefined {
  const b = endBox(layout, from);
  if (!b) return undefined;
  return layout.dir === 'DOWN' ? { x: b.x + b.width / 2, y: b.y + b.height } : { x: b.x + b.width, y: b.y + b.height / 2 };
}

export interface ViewportControls {
  view: Viewport;
  setView(update: (v: Viewport) => Viewport): void;
  /** True once the user moved the view (a restored viewport counts as theirs): fitting stops. */
  moved: MutableRef<boolean>;
  /** False until the view was first fitted or moved: nothing is worth drawing at a made-up zoom. */
  placed: boolean;
  zoom(factor: number, at?: Point): void;
  fit(): void;
  toGraph(ev: { clientX: number; clientY: number }): Point;
}

/** `setDir` follows the pane's shape; `mounted` turns true once the canvas exists. */
export function useViewport(svgRef: MutableRef<SVGSVGElement | null>, layout: Layout | undefined, mounted: boolean, setDir: (d: Direction) => void): ViewportControls {
  const [view, setView] = useState<Viewport>(saved.viewport ?? { x: 20, y: 20, k: 1 });
  const moved = useRef(Boolean(saved.viewport));
  const [fitted, setFitted] = useState(false);

  const fit = useCallback(() => {
    const svg = svgRef.current;
    if (!svg || !layout) return;
    const w = svg.clientWidth || 800;
    const h = svg.clientHeight || 600;
    const k = Math.min(1.5, Math.max(0.05, Math.min((w - 40) / Math.max(1, layout.width), (h - 40) / Math.max(1, layout.height))));
    setView({ k, x: (w - layout.width * k) / 2, y: (h - layout.height * k) / 2 });
    setFitted(true);
  }, [layout]);

  // Before paint, so the first frame is already at the fitted zoom.
  useLayoutEffect(() => {
    if (layout && !moved.current) fit();
  }, [layout, fit]);
  const fitRef = useRef(fit);
  fitRef.current = fit;
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      // A pane much taller than wide (an editor split beside the text) reads better top to bottom.
      setDir(svg.clientHeight > svg.clientWidth * 1.2 ? 'DOWN' : 'RIGHT');
      if (!moved.current) fitRef.current();
    });
    ro.observe(svg);
    return () => ro.disconnect();
  }, [mounted]);

  const zoom = (factor: number, at?: Point) => {
    moved.current = true;
    setView((v) => {
      const k = Math.min(4, Math.max(0.05, v.k * factor));
      const cx = at?.x ?? (svgRef.current?.clientWidth ?? 800) / 2;
      const cy = at?.y ?? (svgRef.current?.clientHeight ?? 600) / 2;
      return { k, x: cx - ((cx - v.x) * k) / v.k, y: cy - ((cy - v.y) * k) / v.k };
    });
  };

  const toGraph = (ev: { clientX: number; clientY: number }): Point => {
    const r = svgRef.current!.getBoundingClientRect();
    return { x: (ev.clientX - r.left - view.x) / view.k, y: (ev.clientY - r.top - view.y) / view.k };
  };

  return { view, setView, moved, placed: fitted || moved.current, zoom, fit, toGraph };
}

/** The step the arrow key leads to: left/right follow the columns, up/down move within one. */
export function stepInDirection(graph: GraphModel, layout: Layout, selected: string | undefined, key: string): string | undefined {
  const cur = selected && layout.nodes[selected] ? selected : graph.nodes[0]?.id;
  if (!cur) return undefined;
  const here = layout.nodes[cur]!;
  const score = (p: Point): number => {
    const dx = p.x - here.x;
    const dy = p.y - here.y;
    if (key === 'ArrowRight' && dx > 1) return dx + Math.abs(dy) * 2;
    if (key === 'ArrowLeft' && dx < -1) return -dx + Math.abs(dy) * 2;
    if (key === 'ArrowDown' && dy > 1) return dy + Math.abs(dx) * 2;
    if (key === 'ArrowUp' && dy < -1) return -dy + Math.abs(dx) * 2;
    return Infinity;
  };
  let best = cur;
  let bestScore = Infinity;
  for (const [id, p] of Object.entries(layout.nodes)) {
    if (id === cur) continue;
    const s = score(p);
    if (s < bestScore) {
      best = id;
      bestScore = s;
    }
  }
  return best;
}

export interface Selection {
  selected?: string;
  selectedEdge?: string;
  choose(id: string | undefined, reveal?: boolean): void;
}

/** The canvas's key handler (keys that edit are off while the text does not parse). */
export function keyHandler(sel: Selection, vp: ViewportControls, readOnly: boolean, move: (key: string) => void, escape: () => void) {
  return (ev: KeyboardEvent) => {
    const { selected, selectedEdge } = sel;
    if (ev.key.startsWith('Arrow')) {
      ev.preventDefault();
      move(ev.key);
    } else if (ev.key === 'Enter' && selected) send('select', { id: selected });
    else if (ev.key === '+' || ev.key === '=') vp.zoom(1.2);
    else if (ev.key === '-') vp.zoom(1 / 1.2);
    else if (ev.key === '0') vp.fit();
    else if (ev.key === 'Escape') escape();
    else if (readOnly) return;
    else if ((ev.key === 'Delete' || ev.key === 'Backspace') && selectedEdge) {
      const [from, to] = selectedEdge.split('>') as [string, string];
      send('removeNeed', { from, to });
    } else if ((ev.key === 'Delete' || ev.key === 'Backspace') && selected) send('deleteStep', { id: selected });
    else if (ev.key === 'F2' && selected) send('renameStep', { id: selected });
    else if (ev.key.toLowerCase() === 'd' && (ev.ctrlKey || ev.metaKey) && selected) {
      ev.preventDefault();
      send('duplicateStep', { id: selected });
    }
  };
}

/**
 * Pan by dragging the background; draw a needs edge by dragging from a step's or a job's port onto a step
 * or a job's box; drop a palette type onto a step (after it, in its job) or into a job's box.
 */
export function usePointer(svgRef: MutableRef<SVGSVGElement | null>, vp: ViewportControls, layout: Layout | undefined, readOnly: boolean, jobOf: (id: string) => string | undefined) {
  const [drag, setDrag] = useState<{ from: string; to: Point } | undefined>();
  const pan = useRef<{ sx: number; sy: number; vx: number; vy: number } | undefined>();
  const onPointerDown = (ev: PointerEvent) => {
    const target = ev.target as Element;
    const port = target.closest('[data-port]');
    if (port && !readOnly) {
      ev.stopPropagation();
      setDrag({ from: port.getAttribute('data-port')!, to: vp.toGraph(ev) });
      svgRef.current?.setPointerCapture?.(ev.pointerId);
      return;
    }
    if (target.closest('[data-node]') || target.closest('[data-edge]') || target.closest('[data-edges]') || target.closest('[data-group]')) return;
    pan.current = { sx: ev.clientX, sy: ev.clientY, vx: vp.view.x, vy: vp.view.y };
    svgRef.current?.setPointerCapture?.(ev.pointerId);
  };
  const onPointerMove = (ev: PointerEvent) => {
    if (drag) setDrag({ ...drag, to: vp.toGraph(ev) });
    else if (pan.current) {
      vp.moved.current = true;
      const start = pan.current;
      vp.setView((v) => ({ ...v, x: start.vx + ev.clientX - start.sx, y: start.vy + ev.clientY - start.sy }));
    }
  };
  const onPointerUp = (ev: PointerEvent) => {
    if (drag) {
      const at = vp.toGraph(ev);
      const target = nodeAt(layout, at) ?? groupAt(layout, at);
      if (target && target !== drag.from) send('addNeed', { from: drag.from, to: target });
      setDrag(undefined);
    }
    pan.current = undefined;
  };
  const onDrop = (ev: DragEvent) => {
    ev.preventDefault();
    const type = ev.dataTransfer?.getData('application/x-ansflow-step-type');
    if (!type || readOnly) return;
    const at = vp.toGraph(ev);
    const onto = nodeAt(layout, at);
    const job = onto ? jobOf(onto) : groupAt(layout, at);
    send('addStep', { stepType: type, ...(onto ? { needs: [onto] } : {}), ...(job ? { job } : {}) });
  };
  return { drag, setDrag, onPointerDown, onPointerMove, onPointerUp, onDrop };
}
