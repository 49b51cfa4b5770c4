// Conditions, hit counts and logpoints of step breakpoints: the set alone, then through the real
// runner with a matrix (each instance is one hit, evaluated in its own context).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePipeline } from '../../../../../src/core/pipeline/index.js';
import { MASK, StaticSecretProvider, runPipeline } from '../../../../../src/core/runner/index.js';
import { BreakpointSet, parseHitCondition } from '../../../../../src/core/runner/debug/BreakpointSet.js';
import { DebugController, type LogpointMessage } from '../../../../../src/core/runner/debug/DebugController.js';

test('(unit) debug breakpoints: hit conditions', () => {
  const pauses = (text: string) => [1, 2, 3, 4, 5, 6].filter((n) => parseHitCondition(text)!(n));
  assert.deepEqual(pauses('3'), [3, 4, 5, 6]);
  assert.deepEqual(pauses('>= 3'), [3, 4, 5, 6]);
  assert.deepEqual(pauses('==2'), [2]);
  assert.deepEqual(pauses('= 2'), [2]);
  assert.deepEqual(pauses('> 4'), [5, 6]);
  assert.deepEqual(pauses('< 3'), [1, 2]);
  assert.deepEqual(pauses('<= 1'), [1]);
  assert.deepEqual(pauses('% 2'), [2, 4, 6]);
  for (const bad of ['x', '% 0', '>= -1', '2.5', '']) assert.equal(parseHitCondition(bad), undefined, bad);
});

test('(unit) debug breakpoints: hits are counted when the condition holds; a logpoint logs without pausing; a broken condition pauses with the problem', () => {
  const set = new BreakpointSet();
  set.set([{ id: 'a', condition: '${{ matrix.n > 1 }}', hitCondition: '2' }, { id: 'a', logMessage: 'n is ${{ matrix.n }}' }, { id: 'b', hitCondition: 'nonsense' }, { id: 'c', condition: 'matrix.(' }]);
  const at = (n: number) => ({ evaluate: (s: string) => (s.includes('matrix.n > 1') ? n > 1 : undefined), interpolate: (t: string) => t.replace('${{ matrix.n }}', String(n)) });
  assert.deepEqual(set.hit(['a'], at(1)), { pause: false, logs: ['n is 1'] });
  assert.deepEqual(set.hit(['a', 'a'], at(2)), { pause: false, logs: ['n is 2'] }, 'the first hit of the condition does not reach the count; an id given twice counts once');
  assert.deepEqual(set.hit(['a'], at(3)), { pause: true, logs: ['n is 3'] });
  assert.equal(set.has('b'), false, 'an unreadable hit count is left out');
  const broken = set.hit(['c'], {
    evaluate: () => {
      throw new Error('unexpected token');
    },
    interpolate: (t) => t,
  });
  assert.equal(broken.pause, true);
  assert.equal(broken.problem, "breakpoint condition 'matrix.(' cannot be evaluated: unexpected token");
  set.set([]);
  assert.equal(set.empty, true);
});

test('(unit) debug breakpoints: through the runner, a condition on the matrix holds one instance; a logpoint writes the masked context and holds none', async () => {
  const text = `version: 1
secrets:
  TOKEN: { description: t }
steps:
  m:
    type: shell
    matrix: { n: [1, 2, 3] }
    with: { run: 'true' }
`;
  const parsed = parsePipeline(text);
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
  const debug = new DebugController({
    breakpoints: [
      { id: 'm', condition: 'matrix.n == 2' },
      { id: 'm', logMessage: 'n=${{ matrix.n }} token=${{ secrets.TOKEN }}' },
    ],
  });
  const held: string[] = [];
  const logs: LogpointMessage[] = [];
  debug.onLogpoint((l) => logs.push(l));
  debug.onHeld((h) => {
    held.push(h.key);
    debug.release(h.key);
  });
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-debug-cond-'));
  const handle = runPipeline(parsed, { workspace: ws, debug, concurrency: 1, secrets: new StaticSecretProvider({ TOKEN: 'bp-s3cret-77' }) });
  assert.equal((await handle.done).status, 'success');
  assert.equal(held.length, 1);
  assert.match(held[0]!, /2/);
  assert.deepEqual(
    logs.map((l) => l.text),
    [1, 2, 3].map((n) => `n=${n} token=${MASK}`),
  );
});
