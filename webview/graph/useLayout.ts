// When the graph is laid out: only when its structure changed (not for status or diagnostics updates).
// The quick columns draw at once, ELK's layered layout (in the worker) replaces them when it arrives.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { GraphModel } from '../shared/graphMessages.js';
import { columnLayout, createElk, elkInput, fromElk, workerBlobUrl, type Direction, type Layout } from './layout.js';
import { root } from './vscodeApi.js';

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

function structureKey(g: GraphModel): string {
  return `${g.nodes.map((n) => `${n.id}@${n.layer}`).join(',')}|${g.edges.map((e) => `${e.from}>${e.to}`).join(',')}`;
}

export function useGraphLayout(graph: GraphModel | undefined, dir: Direction): Layout | undefined {
  const [layout, setLayout] = useState<Layout | undefined>();
  const layoutKey = useRef('');
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
  return layout;
}
