// When the graph is laid out: only when its structure changed (not for status or diagnostics updates).
// A small edit keeps the previous layout and places only what changed (instant, and nothing else moves);
// otherwise the quick columns draw at once and ELK's layered layout (in the worker) replaces them.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { GraphModel } from '../shared/graphMessages.js';
import { columnLayout, createElk, elkInput, fromElk, incrementalLayout, workerBlobUrl, type Direction, type Layout } from './layout.js';
import { root, saved, saveState } from './vscodeApi.js';

let elkPromise: Promise<ReturnType<typeof createElk> | undefined> | undefined;
function elk(): Promise<ReturnType<typeof createElk> | undefined> {
  const workerScript = root.dataset.worker;
  elkPromise ??= workerScript
    ? workerBlobUrl(workerScript)
        .then(createElk)
        .catch(() => undefined)
    : Promise.resolve(undefined);
  return elkPromise;
}

/** Graphs up to this size keep their layout in the page state (it is written again on every pan and zoom). */
const KEEP_LAYOUT_UP_TO = 400;

// The worker starts while the page waits for its graph, not when the first layout is asked for.
void elk();

function structureKey(g: GraphModel): string {
  const groups = g.groupEdges?.map((e) => `${e.from}>${e.to}`).join(',') ?? '';
  return `${g.nodes.map((n) => `${n.id}@${n.layer}${n.job ? `:${n.job}` : ''}`).join(',')}|${g.edges.map((e) => `${e.from}>${e.to}`).join(',')}|${groups}`;
}

/** Runs `f` after the next frame is painted. */
function afterPaint(f: () => void): void {
  requestAnimationFrame(() => setTimeout(f, 0));
}

/** Counts finished layouts (benches and tests wait on it rather than on a clock). */
function countLayout(): void {
  root.dataset.layouts = String(Number(root.dataset.layouts ?? 0) + 1);
}

/** The layout of `graph`, and a way to lay everything out again from scratch. */
export function useGraphLayout(graph: GraphModel | undefined, dir: Direction): [Layout | undefined, () => void] {
  const [layout, setLayout] = useState<Layout | undefined>();
  const [fresh, setFresh] = useState(0);
  const layoutKey = useRef('');
  const last = useRef<{ graph: GraphModel; layout: Layout; fresh: number } | undefined>();
  useEffect(() => {
    if (!graph) return;
    const key = `${fresh}|${dir}|${structureKey(graph)}`;
    if (key === layoutKey.current) return;
    layoutKey.current = key;
    const prev = last.current;
    const settle = (out: Layout) => {
      last.current = { graph, layout: out, fresh };
      setLayout(out);
      if (out.engine === 'elk' && graph.nodes.length <= KEEP_LAYOUT_UP_TO) saveState({ layout: { key: `${dir}|${structureKey(graph)}`, layout: out } });
    };
    // A page loaded again (VS Code drops hidden webviews) shows the layout it had for the same graph.
    const kept = !prev && saved.layout?.key === `${dir}|${structureKey(graph)}` ? saved.layout.layout : undefined;
    if (kept) {
      countLayout();
      settle(kept);
      return;
    }
    // Carried over only from a finished layout: a pending ELK run for the old structure is dropped.
    const carried = prev && prev.fresh === fresh && prev.layout.engine === 'elk' ? incrementalLayout(prev.layout, prev.graph, graph, dir) : undefined;
    if (carried) {
      countLayout();
      settle(carried);
      return;
    }
    const quick = columnLayout(graph, dir);
    // "Tidy" on an unchanged graph keeps what is shown until ELK is done; anything else changed too much
    // for the old positions, so the columns show at once.
    const same = prev !== undefined && prev.layout.dir === dir && structureKey(prev.graph) === structureKey(graph);
    // Jobs are laid out again on every edit (their boxes move): the last ELK picture stays until the new one.
    const grouped = Boolean(graph.groups?.length) && prev?.layout.dir === dir;
    setLayout((shown) => ((same || grouped) && shown?.engine === 'elk' ? shown : quick));
    // Only a newer structure makes this layout stale (re-sent graphs with the same structure do not).
    const current = () => layoutKey.current === key;
    const refine = () => elk().then(async (engine) => {
      if (!engine) {
        if (current()) settle(quick);
        return;
      }
      try {
        const out = fromElk(await engine.layout(elkInput(graph, dir)), dir);
        if (current()) {
          countLayout();
          settle(out);
        }
      } catch {
        if (current()) settle(quick);
      }
    });
    // ELK starts once the columns are on screen: on a busy two-core machine the worker would otherwise
    // take the core the first paint needs (1,000 steps: the paint came after much of ELK's work).
    afterPaint(() => {
      if (current()) void refine();
    });
  }, [graph, dir, fresh]);
  return [layout, () => setFresh((n) => n + 1)];
}
