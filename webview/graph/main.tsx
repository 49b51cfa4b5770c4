// The visual pipeline editor's webview (Preact). It draws what the host sends and asks for edits with
// the typed messages of webview/shared/graphMessages.ts; the host owns the text and every edit.
// Parts: messageLoop (host → view), useLayout (when to lay out), interaction (viewport, keys, pointer),
// render (nodes, edges, palette, menu).
import { render } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { withPaused } from '../../src/core/graph/runStatuses.js';
import { upstreamOf } from '../../src/core/graph/upstream.js';
import { dragStart, keyHandler, stepInDirection, usePointer, useViewport } from './interaction.js';
import { drawnEdges, NODE_H, NODE_W, portToPort, type Direction, type Point } from './layout.js';
import { useHostMessages } from './messageLoop.js';
import { Minimap, MINIMAP_FROM } from './minimap.js';
import { SideForm, useStepForm } from './form.js';
import { ApprovalBar, Banners, ContextMenu, EdgeView, edgeLook, GroupView, NodeView, Palette, pathOf, type GateActions, type NodeActions } from './render.js';
import { edgeAt } from './edgeHit.js';
import { FarEdges, FarNode, FarStripes, type FarEdge, type FarNodeProps } from './farView.js';
import { useGraphLayout } from './useLayout.js';
import { root, saved, saveState, send, type Viewport } from './vscodeApi.js';
import type { GraphNodeStatus } from '../shared/graphMessages.js';

/** Above this many steps, only the steps in view are drawn. */
const VIRTUALIZE_FROM = 200;
/** Below this zoom a step's text is unreadable anyway: boxes only. */
const DETAIL_FROM_ZOOM = 0.45;

interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The part of the graph the view shows, in graph coordinates, grown by `margin` screen pixels. */
function visibleRect(view: Viewport, svg: SVGSVGElement, margin: number): Rect {
  const w = svg.clientWidth || 800;
  const h = svg.clientHeight || 600;
  return { x0: (-view.x - margin) / view.k, y0: (-view.y - margin) / view.k, x1: (w - view.x + margin) / view.k, y1: (h - view.y + margin) / view.k };
}

function isVisible(x0: number, y0: number, x1: number, y1: number, r: Rect): boolean {
  return x1 >= r.x0 && x0 <= r.x1 && y1 >= r.y0 && y0 <= r.y1;
}

function edgeVisible(pts: Point[], r: Rect): boolean {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of pts) {
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x);
    y1 = Math.max(y1, p.y);
  }
  return isVisible(x0, y0, x1, y1, r);
}

function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

function App() {
  const [host, setNotice] = useHostMessages();
  const { graph, error, notice, palette, statuses, paused, highlight, critical, approvals } = host;
  // One bar per node: a matrix's instances share it and answer the oldest waiting one first.
  const gateOf = useMemo(() => new Map([...approvals].reverse().map((g) => [g.stepId, g])), [approvals]);
  const gateActions = useMemo<GateActions>(() => ({ answer: (id, decision) => send('answerApproval', { id, decision }) }), []);
  const shown = useMemo(() => withPaused(statuses, paused), [statuses, paused]);
  const criticalIds = useMemo(() => new Set(critical?.ids ?? []), [critical]);
  const criticalEdges = useMemo(() => new Set((critical?.ids ?? []).slice(1).map((id, i) => `${critical!.ids[i]}>${id}`)), [critical]);
  const [selected, setSelected] = useState<string | undefined>(saved.selected);
  const [selectedEdge, setSelectedEdge] = useState<string | undefined>();
  const [selectedGroup, setSelectedGroup] = useState<string | undefined>();
  const [menu, setMenu] = useState<{ id: string; x: number; y: number } | undefined>();
  const svgRef = useRef<SVGSVGElement>(null);
  const readOnly = Boolean(error);
  const [dir, setDir] = useState<Direction>('RIGHT');
  const [layout, relayout] = useGraphLayout(graph, dir);
  const vp = useViewport(svgRef, layout, graph !== undefined, setDir);
  const { view } = vp;
  const jobOf = useMemo(() => {
    const byId = new Map(graph?.nodes.map((n) => [n.id, n.job]) ?? []);
    return (id: string) => byId.get(id);
  }, [graph]);
  const drawn = useMemo(() => (graph ? drawnEdges(graph) : []), [graph]);
  const pointer = usePointer(svgRef, vp, layout, readOnly, jobOf);
  const vpRef = useRef(vp);
  vpRef.current = vp;
  const layoutDirRef = useRef<Direction>('RIGHT');
  layoutDirRef.current = layout?.dir ?? 'RIGHT';
  const form = useStepForm();
  // The side form follows the selection, whether made by click, keys or the host.
  useEffect(() => send('inspect', selected ? { id: selected } : {}), [selected]);

  // When the first graph was on screen (ms since the page started), for the e2e check's figure.
  useEffect(() => {
    if (layout && vp.placed && !root.dataset.firstPaint) requestAnimationFrame(() => (root.dataset.firstPaint ??= String(Math.round(performance.now()))));
  }, [layout, vp.placed]);

  useEffect(() => saveState({ viewport: view, selected }), [view, selected]);
  // Written in the same commit as the nodes: an effect runs a frame later, and a check that
  // sees the nodes drawn would read the layout that was there before them.
  useLayoutEffect(() => {
    root.dataset.selected = selected ?? '';
    root.dataset.layout = layout?.engine ?? '';
  }, [selected, layout]);

  const choose = (id: string | undefined, reveal = true) => {
    setSelected(id);
    setSelectedEdge(undefined);
    setSelectedGroup(undefined);
    setMenu(undefined);
    if (id && reveal) send('select', { id });
  };
  const chooseRef = useRef(choose);
  chooseRef.current = choose;
  // One object for the whole life of the view, so memoised nodes are not redrawn for a new callback.
  const actions = useMemo<NodeActions>(
    () => ({
      choose: (id) => chooseRef.current(id),
      openLog: (id) => send('openLog', { id }),
      menu: (id, x, y) => {
        chooseRef.current(id, false);
        setMenu({ id, x, y });
      },
    }),
    [],
  );
  const selectEdge = useMemo(
    () => (key: string) => {
      setSelectedEdge(key);
      setSelected(undefined);
      setSelectedGroup(undefined);
    },
    [],
  );
  // A click on a shared edge path far out: the edge drawn nearest the pointer (within a few pixels).
  const farEdgesRef = useRef<FarEdge[]>([]);
  const pickEdge = useMemo(
    () => (ev: MouseEvent) => {
      ev.stopPropagation();
      const key = edgeAt(farEdgesRef.current, vpRef.current.toGraph(ev), layoutDirRef.current, 6 / vpRef.current.view.k);
      if (key) selectEdge(key);
    },
    [selectEdge],
  );
  // A job's box: selected (the palette then adds into it) and its YAML revealed.
  const selectGroup = useMemo(
    () => (id: string) => {
      setSelectedGroup(id);
      setSelected(undefined);
      setSelectedEdge(undefined);
      send('select', { id });
    },
    [],
  );

  // A step the keyboard moved to may lie outside the drawn part: the view centres it, and it gets focus
  // once it is drawn.
  const focusNext = useRef<string | undefined>();
  useEffect(() => {
    const id = focusNext.current;
    const el = id ? (document.querySelector(`[data-node="${CSS.escape(id)}"]`) as SVGGElement | null) : null;
    if (el) {
      focusNext.current = undefined;
      el.focus();
    }
  });
  const move = (key: string) => {
    if (!graph || !layout) return;
    const next = stepInDirection(graph, layout, selected, key);
    if (!next) return;
    choose(next, false);
    const p = layout.nodes[next];
    const svg = svgRef.current;
    if (p && svg && !isVisible(p.x, p.y, p.x + NODE_W, p.y + NODE_H, visibleRect(view, svg, 0))) {
      vp.moved.current = true;
      vp.setView((v) => ({ ...v, x: svg.clientWidth / 2 - (p.x + NODE_W / 2) * v.k, y: svg.clientHeight / 2 - (p.y + NODE_H / 2) * v.k }));
    }
    focusNext.current = next;
    (document.querySelector(`[data-node="${CSS.escape(next)}"]`) as SVGGElement | null)?.focus();
  };
  const onKey = keyHandler({ selected, selectedEdge, choose }, vp, readOnly, move, () => {
    setMenu(undefined);
    pointer.setDrag(undefined);
  });

  // Once per graph or selection, not on every pan and zoom frame.
  const upstream = useMemo(() => new Set(graph && selected ? upstreamOf(graph, selected) : []), [graph, selected]);

  if (!graph) return <p class="muted">Reading the pipeline…</p>;

  // Big graphs draw only what the view shows (plus a margin); far out, nodes without their text.
  const svg = svgRef.current;
  const clip = svg && graph.nodes.length > VIRTUALIZE_FROM ? visibleRect(view, svg, 200) : undefined;
  const detail = view.k >= DETAIL_FROM_ZOOM;
  // A big graph far out: an element per step and shared paths for the rest (farView.tsx).
  const far = !detail && graph.nodes.length > VIRTUALIZE_FROM;
  const farEdges: FarEdge[] = [];
  const farStripes: Array<{ x: number; y: number; status: GraphNodeStatus }> = [];
  farEdgesRef.current = farEdges;

  const menuItems = (id: string): Array<readonly [string, () => void]> => [
    ['Show YAML', () => send('select', { id })],
    ['Open step log', () => send('openLog', { id })],
    ['Run this step', () => send('runStep', { id })],
    ['Run from here', () => send('runFrom', { id })],
    ...(Object.values(statuses).some((st) => st === 'failed' || st === 'cancelled') ? ([['Rerun failed steps', () => send('rerunFailed', {})]] as const) : []),
    ...(readOnly
      ? []
      : ([
          ['Duplicate', () => send('duplicateStep', { id })],
          ['Rename…', () => send('renameStep', { id })],
          ['Delete…', () => send('deleteStep', { id })],
        ] as const)),
  ];

  return (
    <div class="app">
      <Banners error={error} notice={notice} dismiss={() => setNotice(undefined)} />
      <div class="main">
        <Palette
          entries={palette}
          readOnly={readOnly}
          onAdd={(type) => {
            const job = selected ? jobOf(selected) : selectedGroup;
            send('addStep', { stepType: type, ...(selected ? { needs: [selected] } : {}), ...(job ? { job } : {}) });
          }}
        />
        <div class="canvas-wrap">
          <div class="toolbar">
            <button onClick={() => vp.zoom(1.2)} aria-label="Zoom in">
              +
            </button>
            <button onClick={() => vp.zoom(1 / 1.2)} aria-label="Zoom out">
              −
            </button>
            <button onClick={vp.fit} aria-label="Fit the graph">
              Fit
            </button>
            <button onClick={relayout} aria-label="Lay the whole graph out again" title="Edits keep every other step in place; this lays the whole graph out again">
              Tidy
            </button>
            {readOnly ? null : (
              <button onClick={() => send('addJob', {})} title="Adds a job holding one shell step at the end of jobs:">
                Add job
              </button>
            )}
            {selectedGroup && !readOnly ? (
              <>
                <button onClick={() => send('renameJob', { id: selectedGroup })} aria-label={`Rename job ${selectedGroup}`}>
                  Rename job…
                </button>
                <button onClick={() => send('deleteJob', { id: selectedGroup })} aria-label={`Delete job ${selectedGroup}`}>
                  Delete job…
                </button>
              </>
            ) : null}
            <span class="muted">
              {graph.nodes.length} steps{graph.groups?.length ? ` in ${graph.groups.length} job${graph.groups.length > 1 ? 's' : ''}` : ''} · {graph.edges.length} needs
              {graph.cycles.length ? ` · ${graph.cycles.length} cycle(s)` : ''}
            </span>
            {critical ? (
              <span class="critical-note" title={`Last run's critical path: ${critical.ids.join(' → ')}`}>
                critical path {formatMs(critical.totalMs)} ({critical.ids.length} steps)
              </span>
            ) : null}
          </div>
          <svg
            ref={svgRef}
            class="canvas"
            role="application"
            aria-label={`Pipeline graph${graph.name ? ` ${graph.name}` : ''}: arrow keys move between steps, Enter shows the YAML, Delete removes, F2 renames, Ctrl+D duplicates`}
            tabindex={0}
            onKeyDown={onKey}
            onPointerDown={pointer.onPointerDown}
            onPointerMove={pointer.onPointerMove}
            onPointerUp={pointer.onPointerUp}
            onWheel={(e) => {
              e.preventDefault();
              const r = svgRef.current!.getBoundingClientRect();
              vp.zoom(e.deltaY < 0 ? 1.1 : 1 / 1.1, { x: e.clientX - r.left, y: e.clientY - r.top });
            }}
            onDragOver={(e) => e.preventDefault()}
            onDrop={pointer.onDrop}
            onClick={(e) => {
              if (e.target === svgRef.current) choose(undefined);
            }}
          >
            <defs>
              <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M0,0 L10,5 L0,10 z" class="arrowhead" />
              </marker>
            </defs>
            <g transform={`translate(${view.x},${view.y}) scale(${view.k})`}>
              {layout && vp.placed
                ? graph.groups?.map((g) => {
                    const box = layout.groups?.[g.id];
                    if (!box || (clip && !isVisible(box.x, box.y, box.x + box.width, box.y + box.height, clip))) return null;
                    return <GroupView key={g.id} g={g} box={box} selected={selectedGroup === g.id} readOnly={readOnly} dir={layout.dir} onSelect={selectGroup} />;
                  })
                : null}
              {layout && vp.placed
                ? drawn.map((e) => {
                    const key = `${e.from}>${e.to}`;
                    const pts = layout.edges[key] ?? portToPort(layout, e.from, e.to);
                    if (!pts || (clip && !edgeVisible(pts, clip))) return null;
                    const up = upstream.has(e.from) && (upstream.has(e.to) || e.to === selected);
                    if (far) {
                      farEdges.push({ key, look: edgeLook(e, selectedEdge === key, up, criticalEdges.has(key)), d: pathOf(pts, layout.dir), points: pts });
                      return null;
                    }
                    return (
                      <EdgeView
                        key={key}
                        e={e}
                        d={pathOf(pts, layout.dir)}
                        selected={selectedEdge === key}
                        upstream={up}
                        critical={criticalEdges.has(key)}
                        detail={detail}
                        onSelect={selectEdge}
                      />
                    );
                  })
                : null}
              {far ? <FarEdges edges={farEdges} pick={pickEdge} /> : null}
              {layout && vp.placed
                ? graph.nodes.map((n) => {
                    const p = layout.nodes[n.id];
                    if (!p || (clip && !isVisible(p.x, p.y, p.x + NODE_W, p.y + NODE_H, clip) && n.id !== selected)) return null;
                    const gate = gateOf.get(n.id);
                    const status = shown[n.id] ?? n.status;
                    if (far) farStripes.push({ x: p.x, y: p.y, status });
                    const shared: FarNodeProps = {
                      n,
                      x: p.x,
                      y: p.y,
                      status,
                      selected: selected === n.id,
                      highlight: highlight === n.id,
                      upstream: upstream.has(n.id),
                      critical: criticalIds.has(n.id),
                      actions,
                    };
                    // The bar right after its node in the page, so Tab goes from a waiting step to its buttons.
                    return [
                      far ? <FarNode key={n.id} {...shared} /> : <NodeView key={n.id} {...shared} detail={detail} readOnly={readOnly} dir={layout.dir} />,
                      gate ? <ApprovalBar key={`gate:${gate.id}`} gate={gate} step={n.name} x={p.x} y={p.y} actions={gateActions} /> : null,
                    ];
                  })
                : null}
              {far ? <FarStripes steps={farStripes} /> : null}
              {pointer.drag && layout && dragStart(layout, pointer.drag.from) ? <path class="edge dragging" d={pathOf([dragStart(layout, pointer.drag.from)!, pointer.drag.to], layout.dir)} /> : null}
            </g>
          </svg>
          {layout && vp.placed && graph.nodes.length >= MINIMAP_FROM && svg ? (
            <Minimap
              layout={layout}
              view={view}
              marked={criticalIds}
              canvas={{ w: svg.clientWidth, h: svg.clientHeight }}
              centre={(x, y) => {
                vp.moved.current = true;
                vp.setView((v) => ({ ...v, x: svg.clientWidth / 2 - x * v.k, y: svg.clientHeight / 2 - y * v.k }));
              }}
            />
          ) : null}
          {menu ? <ContextMenu x={menu.x} y={menu.y} items={menuItems(menu.id)} close={() => setMenu(undefined)} /> : null}
        </div>
        {form && form.id === selected ? <SideForm form={form} readOnly={readOnly} /> : null}
      </div>
    </div>
  );
}

render(<App />, root);
