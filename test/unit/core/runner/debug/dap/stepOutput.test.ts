// Debug Console lines from run events: a prefix per line, chunks that end mid-line continued without one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunEvent } from '../../../../../../src/core/contracts/events.js';
import { StepOutput } from '../../../../../../src/core/runner/debug/dap/stepOutput.js';

const log = (step: string, text: string, stream: 'stdout' | 'stderr' | 'system' = 'stdout'): RunEvent => ({ type: 'step-log', runId: 'r', time: 0, step, stream, text });

test('(unit) debug console output: interleaved chunks of two steps keep one prefix per line; failures get a line of their own', () => {
  const o = new StepOutput();
  const out = [
    o.format(log('a', 'one\ntw')),
    o.format(log('b', 'x\n', 'stderr')),
    o.format(log('a', 'o\nthree\n')),
    o.format(log('a', 'par')),
    o.format({ type: 'step-end', runId: 'r', time: 0, step: 'a', stepId: 'a', status: 'failed', attempt: 2, durationMs: 1, reason: 'exited with code 1' }),
    o.format(log('c', '[ansflow] note\n', 'system')),
    o.format({ type: 'step-end', runId: 'r', time: 0, step: 'b', stepId: 'b', status: 'success', attempt: 1, durationMs: 1 }),
    o.format(log('c', '')),
  ];
  assert.deepEqual(out, [
    { category: 'stdout', output: '[a] one\n[a] tw' },
    { category: 'stderr', output: '[b] x\n' },
    { category: 'stdout', output: 'o\n[a] three\n' },
    { category: 'stdout', output: '[a] par' },
    { category: 'stderr', output: '\n[a] failed (attempt 2): exited with code 1\n' },
    { category: 'console', output: '[c] [ansflow] note\n' },
    undefined,
    undefined,
  ]);
});
