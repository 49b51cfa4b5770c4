// The visual pipeline editor's webview (Preact). It draws what the host sends and asks for edits with
// the typed messages of webview/shared/graphMessages.ts; the host owns the text and every edit.
// Parts: messageLoop (host → view), useLayout (when to lay out), interaction (viewport, keys, pointer),
// render (nodes, edges, palette, menu).
import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { keyHandler, stepInDirection, usePointer, useViewport } from './interaction.js';
import { NODE_H, NODE_W, portOut, type Direction } from './layout.js';
import { useHostMessages } from './messageLoop.js';
import { Banners, ContextMenu, EdgeView, NodeView, Palette, pathOf, type NodeActions } from './render.js';
import { useGraphLayout } from './useLayout.js';
import { root, saved, saveState, send } from './vscodeApi.js';

function App() {
  const [host, setNotice] = useHostMessages();
  const { graph, error, notice, palette, statuses, highlight } = host;
  const [selected, setSelected] = useState<string | undefined>(saved.selected);
  const [selectedEdge, setSelectedEdge] = useState<string | undefined>();
  const [menu, setMenu] = useState<{ id: string; x: number; y: number } | undefined>();
  const svgRef = useRef<SVGSVGElement>(null);
  const readOnly = Boolean(error);
  const [dir, setDir] = useState<Direction>('RIGHT');
  const layout = useGraphLayout(graph, dir);
  const vp = useViewport(svgRef, layout, graph !== undefined, setDir);
  const { view } = vp;
  const pointer = usePointer(svgRef, vp, layout, readOnly);

  useEffect(() => {
    saveState({ viewport: view, selected });
    root.dataset.selected = selected ?? '';
    root.dataset.layout = layout?.engine ?? '';
  }, [view, selected, layout]);

  const choose = (id: string | undefined, reveal = true) => {
    setSelected(id);
    setSelectedEdge(undefined);
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
    },
    [],
  );

  const move = (key: string) => {
    if (!graph || !layout) return;
    const next = stepInDirection(graph, layout, selected, key);
    if (!next) return;
    choose(next, false);
    (document.querySelector(`[data-node="${CSS.escape(next)}"]`) as SVGGElement | null)?.focus();
  };
  const onKey = keyHandler({ selected, selectedEdge, choose }, vp, readOnly, move, () => {
    setMenu(undefined);
    pointer.setDrag(undefined);
  });

  if (!graph) return <p class="muted">Reading the pipeline…</p>;
  const upstream = new Set<string>();
  if (selected) {
    const stack = [selected];
    while (stack.length) {
      const cur = stack.pop()!;
      for (const e of graph.edges) {
        if (e.to !== cur || upstream.has(e.from)) continue;
        upstream.add(e.from);
        stack.push(e.from);
      }
    }
  }

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
        <Palette entries={palette} readOnly={readOnly} onAdd={(type) => send('addStep', selected ? { stepType: type, needs: [selected] } : { stepType: type })} />
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
            <span class="muted">
              {graph.nodes.length} steps · {graph.edges.length} needs{graph.cycles.length ? ` · ${graph.cycles.length} cycle(s)` : ''}
            </span>
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
              {layout
                ? graph.edges.map((e) => {
                    const key = `${e.from}>${e.to}`;
                    const a = layout.nodes[e.from];
                    const b = layout.nodes[e.to];
                    const pts = layout.edges[key] ?? (a && b ? [portOut(a, layout.dir), { x: b.x + (layout.dir === 'DOWN' ? NODE_W / 2 : 0), y: b.y + (layout.dir === 'DOWN' ? 0 : NODE_H / 2) }] : undefined);
                    if (!pts) return null;
                    return (
                      <EdgeView
                        key={key}
                        e={e}
                        d={pathOf(pts, layout.dir)}
                        selected={selectedEdge === key}
                        upstream={upstream.has(e.from) && (upstream.has(e.to) || e.to === selected)}
                        onSelect={selectEdge}
                      />
                    );
                  })
                : null}
              {layout
                ? graph.nodes.map((n) => {
                    const p = layout.nodes[n.id];
                    if (!p) return null;
                    return (
                      <NodeView
                        key={n.id}
                        n={n}
                        x={p.x}
                        y={p.y}
                        status={statuses[n.id] ?? n.status}
                        selected={selected === n.id}
                        highlight={highlight === n.id}
                        upstream={upstream.has(n.id)}
                        readOnly={readOnly}
                        dir={layout.dir}
                        actions={actions}
                      />
                    );
                  })
                : null}
              {pointer.drag && layout?.nodes[pointer.drag.from] ? <path class="edge dragging" d={pathOf([portOut(layout.nodes[pointer.drag.from]!, layout.dir), pointer.drag.to], layout.dir)} /> : null}
            </g>
          </svg>
          {menu ? <ContextMenu x={menu.x} y={menu.y} items={menuItems(menu.id)} close={() => setMenu(undefined)} /> : null}
        </div>
      </div>
    </div>
  );
}

render(<App />, root);
