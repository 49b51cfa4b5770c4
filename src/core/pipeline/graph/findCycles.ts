// Cycle detection over `needs` edges: Tarjan's strongly connected components, then one concrete
// cycle per component, so every cycle is reported exactly once.

/** Every dependency cycle as a list of ids in edge order (a needs b needs … needs a); self-needs included. */
export function findCycles(ids: string[], edges: Map<string, string[]>): string[][] {
  // The walk runs over ids as numbers in typed arrays: it visits every step on each validation, mostly
  // before the JIT has warmed up, where Maps and Sets of strings cost several times as much.
  const number = new Map<string, number>();
  const names: string[] = [];
  for (let k = 0; k < ids.length; k++) {
    if (number.has(ids[k]!)) continue;
    number.set(ids[k]!, names.length);
    names.push(ids[k]!);
  }
  const n = names.length;
  // Successors of v: succ[first[v] .. first[v + 1]), in the order written; targets that are not ids are left out.
  const first = new Int32Array(n + 1);
  const succ: number[] = [];
  for (let v = 0; v < n; v++) {
    first[v] = succ.length;
    const out = edges.get(names[v]!);
    if (!out) continue;
    for (let k = 0; k < out.length; k++) {
      const w = number.get(out[k]!);
      if (w !== undefined) succ.push(w);
    }
  }
  first[n] = succ.length;
  const idx = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  let sp = 0;
  // Iterative Tarjan (deep chains of thousands of steps must not overflow the JS stack): the vertex of
  // each frame and the position of its next successor.
  const workV = new Int32Array(n);
  const workAt = new Int32Array(n);
  let index = 0;
  const components: number[][] = [];
  for (let root = 0; root < n; root++) {
    if (idx[root]! >= 0) continue;
    idx[root] = low[root] = index++;
    stack[sp++] = root;
    onStack[root] = 1;
    workV[0] = root;
    workAt[0] = first[root]!;
    let wp = 1;
    while (wp) {
      const v = workV[wp - 1]!;
      if (workAt[wp - 1]! < first[v + 1]!) {
        const w = succ[workAt[wp - 1]!++]!;
        if (idx[w]! < 0) {
          idx[w] = low[w] = index++;
          stack[sp++] = w;
          onStack[w] = 1;
          workV[wp] = w;
          workAt[wp] = first[w]!;
          wp++;
        } else if (onStack[w]) {
          low[v] = Math.min(low[v]!, idx[w]!);
        }
        continue;
      }
      wp--;
      if (wp) {
        const parent = workV[wp - 1]!;
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === idx[v]) {
        const comp: number[] = [];
        let w: number;
        do {
          w = stack[--sp]!;
          onStack[w] = 0;
          comp.push(w);
        } while (w !== v);
        if (comp.length > 1 || succ.slice(first[v], first[v + 1]).includes(v)) components.push(comp);
      }
    }
  }
  if (!components.length) return [];
  const order = new Map(ids.map((id, i) => [id, i]));
  return components.map((comp) => cycleIn(comp.map((v) => names[v]!), edges, order)).sort((a, b) => order.get(a[0]!)! - order.get(b[0]!)!);
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
