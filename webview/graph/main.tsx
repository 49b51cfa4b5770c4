// The visual pipeline editor's webview (Preact). It draws what the host sends and asks for edits with
// the typed messages of webview/shared/graphMessages.ts; the host owns the text and every edit.
import { render } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { parseToGraphWebview, type FromGraphWebview, type GraphModel, type GraphNode, type GraphNodeStatus, type PaletteEntry } from '../shared/graphMessages.js';
import { columnLayout, createElk, elkInput, fromElk, NODE_H, NODE_W, portOut, workerBlobUrl, type Direction, type Layout, type Point } from './layout.js';

interface Viewport {
  x: number;
  y: number;
  k: number;
}

interface Saved {
  viewport?: Viewport;
  selected?: string;
}

declare function acquireVsCodeApi(): { postMessage(message: unknown): void; getState(): unknown; setState(state: unknown): void };
const vscode = acquireVsCodeApi();

function send<K extends FromGraphWebview['type']>(type: K, body: Omit<Extract<FromGraphWebview, { type: K }>, 'type'>): void {
  vscode.postMessage({ type, ...body });
}

const saved = (vscode.getState() ?? {}) as Saved;
const root = document.getElementById('root')!;
const workerScript = root.dataset.worker;

let elkPromise: Promise<ReturnType<typeof createElk> | undefined> | undefined;
function elk(): Promise<ReturnType<typeof createElk> | undefined> {
  elkPromise ??= workerScript
    ? workerBlobUrl(workerScript)
        .then(createElk)
        .catch(() => undefined)
    : Promise.resolve(undefined);
  return elkPromise;
}

const STATUS_TEXT: Record<GraphNodeStatus, string> = {
  idle: '',
  queued: 'queued',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  skipped: 'skipped',
  waiting: 'waiting for approval',
  cancelled: 'cancelled',
};

function structureKey(g: GraphModel): string {
  return `${g.nodes.map((n) => `${n.id}@${n.layer}`).join(',')}|${g.edges.map((e) => `${e.from}>${e.to}`).join(',')}`;
}

function pathOf(points: Point[], dir: Direction): string {
  if (points.length === 2) {
    const [a, b] = points as [Point, Point];
    if (dir === 'DOWN') {
      const dy = Math.max(24, (b.y - a.y) / 2);
      return `M${a.x},${a.y} C${a.x},${a.y + dy} ${b.x},${b.y - dy} ${b.x},${b.y}`;
    }
    const dx = Math.max(24, (b.x - a.x) / 2);
    return `M${a.x},${a.y} C${a.x + dx},${a.y} ${b.x - dx},${b.y} ${b.x},${b.y}`;
  }
  return points.map((p, i) => `${i ? 'L' : 'M'}${p.x},${p.y}`).join(' ');
}

/** A name cut to fit the box (the full one is in the aria label); room left for the matrix count. */
function shorten(name: string, max: number): string {
  return name.length > max ? `${name.slice(0, max - 1)}…` : name;
}

function nodeLabel(n: GraphNode, status: GraphNodeStatus): string {
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

function App() {
  const [graph, setGraph] = useState<GraphModel | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [palette, setPalette] = useState<PaletteEntry[]>([]);
  const [statuses, setStatuses] = useState<Record<string, GraphNodeStatus>>({});
  const [selected, setSelected] = useState<string | undefined>(saved.selected);
  const [selectedEdge, setSelectedEdge] = useState<string | undefined>();
  const [highlight, setHighlight] = useState<string | undefined>();
  const [layout, setLayout] = useState<Layout | undefined>();
  const [dir, setDir] = useState<Direction>('RIGHT');
  const [view, setView] = useState<Viewport>(saved.viewport ?? { x: 20, y: 20, k: 1 });
  const [drag, setDrag] = useState<{ from: string; to: Point } | undefined>();
  const [menu, setMenu] = useState<{ id: string; x: number; y: number } | undefined>();
  const svgRef = useRef<SVGSVGElement>(null);
  const moved = useRef(Boolean(saved.viewport));
  const layoutKey = useRef('');
  const readOnly = Boolean(error);

  useEffect(() => {
    const onMessage = (ev: MessageEvent) => {
      const msg = parseToGraphWebview(ev.data);
      if (!msg) return;
      switch (msg.type) {
        case 'graph':
          setGraph(msg.graph);
          setError(msg.error);
          break;
        case 'palette':
          setPalette(msg.entries);
          break;
        case 'highlight':
          setHighlight(msg.id);
          break;
        case 'status':
          setStatuses(msg.statuses);
          break;
        case 'notice':
          setNotice(msg.message);
          break;
        default: {
          const never: never = msg;
          void never;
        }
      }
    };
    window.addEventListener('message', onMessage);
    send('ready', {});
    return () => window.removeEventListener('message', onMessage);
  }, []);

  // Lay out only when the structure changed (not for status or diagnostics updates).
  useEffect(() => {
    if (!graph) return;
    const key = `${dir}|${structureKey(graph)}`;
    if (key === layoutKey.current) return;
    layoutKey.current = key;
    const quick = columnLayout(graph, dir);
    setLayout((prev) => (prev && prev.engine === 'elk' && prev.dir === dir ? prev : quick));
    // Only a newer structure makes this layout stale (re-sent graphs with the same structure do not).
    const current = () => layoutKey.current === key;
    void elk().then(async (engine) => {
      if (!engine) {
        if (current()) setLayout(quick);
        return;
      }
      try {
        const out = fromElk(await engine.layout(elkInput(graph, dir)), dir);
        if (current()) {
          // Counts finished layouts (benches and tests wait on it rather than on a clock).
          root.dataset.layouts = String(Number(root.dataset.layouts ?? 0) + 1);
          setLayout(out);
        }
      } catch {
        if (current()) setLayout(quick);
      }
    });
  }, [graph, dir]);

  useEffect(() => {
    vscode.setState({ viewport: view, selected } satisfies Saved);
    root.dataset.selected = selected ?? '';
    root.dataset.layout = layout?.engine ?? '';
  }, [view, selected, layout]);

  const fit = useCallback(() => {
    const svg = svgRef.current;
    if (!svg || !layout) return;
    const w = svg.clientWidth || 800;
    const h = svg.clientHeight || 600;
    const k = Math.min(1.5, Math.max(0.05, Math.min((w - 40) / Math.max(1, layout.width), (h - 40) / Math.max(1, layout.height))));
    setView({ k, x: (w - layout.width * k) / 2, y: (h - layout.height * k) / 2 });
  }, [layout]);

  // Fit until the user moves the view themselves (a restored viewport counts as theirs).
  useEffect(() => {
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
  }, [graph === undefined]);


  const choose = (id: string | undefined, reveal = true) => {
    setSelected(id);
    setSelectedEdge(undefined);
    setMenu(undefined);
    if (id && reveal) send('select', { id });
  };

  const toGraph = (ev: { clientX: number; clientY: number }): Point => {
    const r = svgRef.current!.getBoundingClientRect();
    return { x: (ev.clientX - r.left - view.x) / view.k, y: (ev.clientY - r.top - view.y) / view.k };
  };

  const nodeAt = (p: Point): string | undefined => {
    if (!layout) return undefined;
    for (const [id, q] of Object.entries(layout.nodes)) if (p.x >= q.x && p.x <= q.x + NODE_W && p.y >= q.y && p.y <= q.y + NODE_H) return id;
    return undefined;
  };

  const zoom = (factor: number, at?: Point) => {
    moved.current = true;
    setView((v) => {
      const k = Math.min(4, Math.max(0.05, v.k * factor));
      const cx = at?.x ?? (svgRef.current?.clientWidth ?? 800) / 2;
      const cy = at?.y ?? (svgRef.current?.clientHeight ?? 600) / 2;
      return { k, x: cx - ((cx - v.x) * k) / v.k, y: cy - ((cy - v.y) * k) / v.k };
    });
  };

  /** Arrow keys: left/right follow edges (or the neighbouring column), up/down move within a column. */
  const move = (key: string) => {
    if (!graph || !layout) return;
    const cur = selected && layout.nodes[selected] ? selected : graph.nodes[0]?.id;
    if (!cur) return;
    const here = layout.nodes[cur]!;
    const candidates = Object.entries(layout.nodes).filter(([id]) => id !== cur);
    const score = ([, p]: [string, Point]): number => {
      const dx = p.x - here.x;
      const dy = p.y - here.y;
      if (key === 'ArrowRight' && dx > 1) return dx + Math.abs(dy) * 2;
      if (key === 'ArrowLeft' && dx < -1) return -dx + Math.abs(dy) * 2;
      if (key === 'ArrowDown' && dy > 1) return dy + Math.abs(dx) * 2;
      if (key === 'ArrowUp' && dy < -1) return -dy + Math.abs(dx) * 2;
      return Infinity;
    };
    const best = candidates.map((c) => [c[0], score(c)] as const).sort((a, b) => a[1] - b[1])[0];
    const next = best && best[1] < Infinity ? best[0] : cur;
    choose(next, false);
    (document.querySelector(`[data-node="${CSS.escape(next)}"]`) as SVGGElement | null)?.focus();
  };

  const onKey = (ev: KeyboardEvent) => {
    if (ev.key.startsWith('Arrow')) {
      ev.preventDefault();
      move(ev.key);
    } else if (ev.key === 'Enter' && selected) send('select', { id: selected });
    else if (ev.key === '+' || ev.key === '=') zoom(1.2);
    else if (ev.key === '-') zoom(1 / 1.2);
    else if (ev.key === '0') fit();
    else if (ev.key === 'Escape') {
      setMenu(undefined);
      setDrag(undefined);
    } else if (readOnly) return;
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

  // Pan by dragging the background; draw a needs edge by dragging from a node's port.
  const pan = useRef<{ sx: number; sy: number; vx: number; vy: number } | undefined>();
  const onPointerDown = (ev: PointerEvent) => {
    const target = ev.target as Element;
    const port = target.closest('[data-port]');
    if (port && !readOnly) {
      ev.stopPropagation();
      setDrag({ from: port.getAttribute('data-port')!, to: toGraph(ev) });
      svgRef.current?.setPointerCapture?.(ev.pointerId);
      return;
    }
    if (target.closest('[data-node]') || target.closest('[data-edge]')) return;
    pan.current = { sx: ev.clientX, sy: ev.clientY, vx: view.x, vy: view.y };
    svgRef.current?.setPointerCapture?.(ev.pointerId);
  };
  const onPointerMove = (ev: PointerEvent) => {
    if (drag) setDrag({ ...drag, to: toGraph(ev) });
    else if (pan.current) {
      moved.current = true;
      setView((v) => ({ ...v, x: pan.current!.vx + ev.clientX - pan.current!.sx, y: pan.current!.vy + ev.clientY - pan.current!.sy }));
    }
  };
  const onPointerUp = (ev: PointerEvent) => {
    if (drag) {
      const target = nodeAt(toGraph(ev));
      if (target && target !== drag.from) send('addNeed', { from: drag.from, to: target });
      setDrag(undefined);
    }
    pan.current = undefined;
  };

  const onDrop = (ev: DragEvent) => {
    ev.preventDefault();
    const type = ev.dataTransfer?.getData('application/x-ansflow-step-type');
    if (!type || readOnly) return;
    const onto = nodeAt(toGraph(ev));
    send('addStep', onto ? { stepType: type, needs: [onto] } : { stepType: type });
  };

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

  return (
    <div class="app">
      {error ? (
        <div class="banner error" role="alert">
          The text does not parse; showing the last good graph, editing is off. {error}
        </div>
      ) : null}
      {notice ? (
        <div class="banner notice" role="status">
          {notice}{' '}
          <button class="link" onClick={() => setNotice(undefined)} aria-label="Dismiss">
            ×
          </button>
        </div>
      ) : null}
      <div class="main">
        <aside class="palette" aria-label="Step types">
          <h2>Add a step</h2>
          <ul>
            {palette.map((p) => (
              <li key={p.type}>
                <button
                  class="pal"
                  disabled={readOnly}
                  draggable={!readOnly}
                  title={p.description ?? p.type}
                  data-type={p.type}
                  onDragStart={(e) => e.dataTransfer?.setData('application/x-ansflow-step-type', p.type)}
                  onClick={() => send('addStep', selected ? { stepType: p.type, needs: [selected] } : { stepType: p.type })}
                >
                  {p.type}
                </button>
              </li>
            ))}
          </ul>
          <p class="muted hint">Click adds after the selected step; drag onto the canvas or a step. Drag from a step's port (●) to another step to add a need.</p>
        </aside>
        <div class="canvas-wrap">
          <div class="toolbar">
            <button onClick={() => zoom(1.2)} aria-label="Zoom in">
              +
            </button>
            <button onClick={() => zoom(1 / 1.2)} aria-label="Zoom out">
              −
            </button>
            <button onClick={fit} aria-label="Fit the graph">
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
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onWheel={(e) => {
              e.preventDefault();
              const r = svgRef.current!.getBoundingClientRect();
              zoom(e.deltaY < 0 ? 1.1 : 1 / 1.1, { x: e.clientX - r.left, y: e.clientY - r.top });
            }}
            onDragOver={(e) => e.preventDefault()}
            onDrop={onDrop}
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
                      <path
                        key={key}
                        data-edge={key}
                        class={`edge${e.onCycle ? ' cycle' : ''}${selectedEdge === key ? ' selected' : ''}${upstream.has(e.from) && (upstream.has(e.to) || e.to === selected) ? ' upstream' : ''}`}
                        d={pathOf(pts, layout.dir)}
                        marker-end="url(#arrow)"
                        onClick={(ev) => {
                          ev.stopPropagation();
                          setSelectedEdge(key);
                          setSelected(undefined);
                        }}
                      >
                        <title>{`${e.to} needs ${e.from}`}</title>
                      </path>
                    );
                  })
                : null}
              {layout
                ? graph.nodes.map((n) => {
                    const p = layout.nodes[n.id];
                    if (!p) return null;
                    const status = statuses[n.id] ?? n.status;
                    const cls = ['node', `st-${status}`, n.section === 'finally' ? 'finally' : '', selected === n.id ? 'selected' : '', highlight === n.id ? 'highlight' : '', upstream.has(n.id) ? 'upstream' : '']
                      .filter(Boolean)
                      .join(' ');
                    return (
                      <g
                        key={n.id}
                        data-node={n.id}
                        class={cls}
                        transform={`translate(${p.x},${p.y})`}
                        tabindex={0}
                        role="button"
                        aria-label={nodeLabel(n, status)}
                        aria-pressed={selected === n.id}
                        onClick={(ev) => {
                          ev.stopPropagation();
                          // SVG groups are not focused by a click: focus it so the keys act on this step.
                          (ev.currentTarget as SVGGElement).focus();
                          choose(n.id);
                        }}
                        onDblClick={() => status !== 'idle' && send('openLog', { id: n.id })}
                        onContextMenu={(ev) => {
                          ev.preventDefault();
                          choose(n.id, false);
                          setMenu({ id: n.id, x: ev.clientX, y: ev.clientY });
                        }}
                      >
                        <rect class="box" width={NODE_W} height={NODE_H} rx="6" />
                        <rect class="stripe" width="5" height={NODE_H} rx="2" />
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
                        {!readOnly ? <circle class="port" data-port={n.id} cx={layout.dir === 'DOWN' ? NODE_W / 2 : NODE_W} cy={layout.dir === 'DOWN' ? NODE_H : NODE_H / 2} r="6" aria-hidden="true" /> : null}
                      </g>
                    );
                  })
                : null}
              {drag && layout?.nodes[drag.from] ? <path class="edge dragging" d={pathOf([portOut(layout.nodes[drag.from]!, layout.dir), drag.to], layout.dir)} /> : null}
            </g>
          </svg>
          {menu ? (
            <div class="menu" role="menu" style={{ left: `${menu.x}px`, top: `${menu.y}px` }} onKeyDown={(e) => e.key === 'Escape' && setMenu(undefined)}>
              {(
                [
                  ['Show YAML', () => send('select', { id: menu.id })],
                  ['Open step log', () => send('openLog', { id: menu.id })],
                  ['Run this step', () => send('runStep', { id: menu.id })],
                  ['Run from here', () => send('runFrom', { id: menu.id })],
                  ...(Object.values(statuses).some((st) => st === 'failed' || st === 'cancelled') ? ([['Rerun failed steps', () => send('rerunFailed', {})]] as const) : []),
                  ...(readOnly
                    ? []
                    : ([
                        ['Duplicate', () => send('duplicateStep', { id: menu.id })],
                        ['Rename…', () => send('renameStep', { id: menu.id })],
                        ['Delete…', () => send('deleteStep', { id: menu.id })],
                      ] as const)),
                ] as Array<readonly [string, () => void]>
              ).map(([label, act]) => (
                <button
                  key={label}
                  role="menuitem"
                  onClick={() => {
                    setMenu(undefined);
                    act();
                  }}
                >
                  {label}
                </button>
              ))}
            </div>
          ) : null}
        </div>
      </div>
    </div>
  );
}

render(<App />, root);
