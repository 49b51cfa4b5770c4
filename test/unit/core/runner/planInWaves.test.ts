// Plan order: the linear wave ordering gives exactly the order of the rescanning Kahn's algorithm it
// replaced (every wave in source order, a cycle's leftovers last in source order), on random graphs
// with cycles, repeated needs and needs of keys that are not there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { inWaves, type StepInstance } from '../../../../src/core/runner/planInstances.js';
import type { Step } from '../../../../src/core/pipeline/model.js';

const RUNS = Number(process.env.ANSFLOW_PROPERTY_RUNS ?? 100);

/** The algorithm as it was: rescan what remains for what is ready, one wave at a time. */
function rescanning(raw: StepInstance[]): StepInstance[] {
  const done = new Set<string>();
  const ordered: StepInstance[] = [];
  let remaining = raw;
  while (remaining.length) {
    const ready = remaining.filter((i) => i.deps.every((d) => done.has(d)));
    if (!ready.length) {
      ordered.push(...remaining);
      break;
    }
    for (const i of ready) done.add(i.key);
    ordered.push(...ready);
    remaining = remaining.filter((i) => !done.has(i.key));
  }
  return ordered;
}

const instance = (key: string, deps: string[]): StepInstance => ({ key, step: {} as Step, matrix: {}, deps, isFinally: false });

test('(unit) plan order: waves in source order, as the rescanning algorithm gave, on random graphs (cycles, repeats, unknown needs)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 25 }).chain((n) =>
        fc.array(fc.array(fc.integer({ min: 0, max: n + 2 }), { maxLength: 4 }), { minLength: n, maxLength: n }),
      ),
      (needs) => {
        // Mostly earlier steps (a DAG), sometimes later ones (cycles) or keys past the end (unknown).
        const raw = needs.map((ds, i) => instance(`s${i}`, ds.map((d) => `s${d}`)));
        assert.deepEqual(
          inWaves(raw).map((x) => x.key),
          rescanning(raw).map((x) => x.key),
        );
      },
    ),
    { numRuns: RUNS },
  );
});

test('(unit) plan order: a chain comes out in need order whatever the source order, and a cycle keeps its members last', () => {
  const chain = [instance('c', ['b']), instance('a', []), instance('b', ['a'])];
  assert.deepEqual(
    inWaves(chain).map((x) => x.key),
    ['a', 'b', 'c'],
  );
  const cyclic = [instance('x', ['y']), instance('free', []), instance('y', ['x']), instance('after', ['free'])];
  assert.deepEqual(
    inWaves(cyclic).map((x) => x.key),
    ['free', 'after', 'x', 'y'],
  );
});
