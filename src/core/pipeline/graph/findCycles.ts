// Cycle detection over `needs` edges: Tarjan's strongly connected components, then one concrete
// cycle per component, so every cycle is reported exactly once.

/** Every dependency cycle as a list of ids in edge order (a needs b needs … needs a); self-needs included. */
export function findCycles(ids: string[], edges: Map<string, string[]>): string[][] {
  const idSet = new Set(ids);
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  // Iterative Tarjan: deep chains (thousands of steps) must not overflow the JS stack.
  for (const root of ids) {
    if (idx.has(root)) continue;
    const work: Array<{ v: string; i: number }> = [{ v: root, i: 0 }];
    idx.set(root, index);
    low.set(root, index++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const succ = edges.get(frame.v) ?? [];
      if (frame.i < succ.length) {
        const w = succ[frame.i++]!;
        if (!idx.has(w)) {
          if (!idSet.has(w)) continue;
          idx.set(w, index);
          low.set(w, index++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.v, Math.min(low.get(frame.v)!, idx.get(w)!));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1]!.v;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.v)!));
      }
      if (low.get(frame.v) === idx.get(frame.v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== frame.v);
        const selfLoop = comp.length === 1 && (edges.get(comp[0]!) ?? []).includes(comp[0]!);
        if (comp.length > 1 || selfLoop) components.push(comp);
      }
    }
  }
  const order = new Map(ids.map((id, i) => [id, i]));
  return components.map((comp) => cycleIn(comp, edges, order)).sort((a, b) => order.get(a[0]!)! - order.get(b[0]!)!);
}

/** A simple cycle inside one strongly connected component, starting at its first id in source order. */
function cycleIn(comp: string[], edges: Map<string, string[]>, order: Map<string, number>): string[] {
  const members = new Set(comp);
  const start = [...comp].sort((a, b) => order.get(a)! - order.get(b)!)[0]!;
  // BFS for the shortest path back to `start` within the component.
  const prev = new Map<string, string>();
  const queue = [start];
  const seen = new Set([start]);
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of edges.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [v];
        let cur = v;
        while (cur !== start) {
          cur = prev.get(cur)!;
          path.push(cur);
        }
        return path.reverse();
      }
      if (!seen.has(w)) {
        seen.add(w);
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}
