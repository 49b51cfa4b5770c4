// findCycles against a reference worked out by brute force: two ids are in one strongly connected
// component when each reaches the other, and a component holds a cycle when it has two ids or one
// that needs itself. Random graphs include duplicate ids, needs of unknown ids and self-needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findCycles } from '../../../../../src/core/pipeline/index.js';

const RUNS = Number(process.env.ANSFLOW_PROPERTY_RUNS ?? 300);

const graph = fc
  .integer({ min: 1, max: 9 })
  .chain((n) =>
    fc.record({
      ids: fc.array(fc.integer({ min: 0, max: n - 1 }).map((i) => `s${i}`), { minLength: 1, maxLength: n + 2 }),
      needs: fc.array(fc.array(fc.integer({ min: 0, max: n }).map((i) => `s${i}`), { maxLength: 4 }), { minLength: n, maxLength: n }),
    }),
  );

/** Ids that reach `from` through `edges` (itself only through an edge back). */
function reached(from: string, edges: Map<string, string[]>, known: Set<string>): Set<string> {
  const seen = new Set<string>();
  const todo = [from];
  while (todo.length) {
    for (const w of edges.get(todo.pop()!) ?? []) {
      if (!known.has(w) || seen.has(w)) continue;
      seen.add(w);
      todo.push(w);
    }
  }
  return seen;
}

test('(unit) findCycles: one cycle per strongly connected component with a cycle, each a real cycle, in source order', () => {
  fc.assert(
    fc.property(graph, ({ ids, needs }) => {
      const known = new Set(ids);
      const edges = new Map(needs.map((list, i) => [`s${i}`, list]));
      const reach = new Map([...known].map((id) => [id, reached(id, edges, known)]));
      const cyclic = [...known].filter((id) => reach.get(id)!.has(id));
      const componentOf = (id: string): string[] => cyclic.filter((o) => o === id || (reach.get(id)!.has(o) && reach.get(o)!.has(id)));
      const components = new Set(cyclic.map((id) => componentOf(id).sort().join(',')));
      const cycles = findCycles(ids, edges);
      assert.equal(cycles.length, components.size);
      const order = new Map(ids.map((id, i) => [id, i]));
      for (const cycle of cycles) {
        cycle.forEach((id, k) => assert.ok(edges.get(id)!.includes(cycle[(k + 1) % cycle.length]!), `${id} → ${cycle[(k + 1) % cycle.length]} in ${cycle}`));
        assert.equal(new Set(cycle).size, cycle.length, `simple: ${cycle}`);
        const comp = componentOf(cycle[0]!);
        assert.ok(cycle.every((id) => comp.includes(id)));
        assert.equal(cycle[0], [...comp].sort((a, b) => order.get(a)! - order.get(b)!)[0], 'starts at the component’s first id in source order');
      }
      const firsts = cycles.map((c) => order.get(c[0]!)!);
      assert.deepEqual(firsts, [...firsts].sort((a, b) => a - b));
    }),
    { numRuns: RUNS },
  );
});
