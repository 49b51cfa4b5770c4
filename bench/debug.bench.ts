// The debugger's cost when nothing is held: per-step overhead of a run with a DebugController and no
// breakpoints vs the same run without one (goal ≤ 2%). Two workloads, alternating order each round
// (the figure is the median ratio of back-to-back pairs):
//  - a chain of no-op steps (a step type that starts no process): the scheduler alone, worst case;
//  - a chain of `true` shell steps: what a real step pays.
// Usage: node --import tsx bench/debug.bench.ts [--steps N] [--shell-steps N] [--runs N]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StepType } from '../src/core/contracts/StepType.js';
import { parsePipeline } from '../src/core/pipeline/index.js';
import { runPipeline } from '../src/core/runner/index.js';
import { DebugController } from '../src/core/runner/debug/DebugController.js';
import { median, numberArg } from './benchSupport.js';

const STEPS = numberArg('steps', 1000);
const SHELL_STEPS = numberArg('shell-steps', 100);
const RUNS = numberArg('runs', 7);

function chain(n: number): string {
  const lines = ['version: 1', 'steps:'];
  for (let i = 0; i < n; i++) lines.push(`  s${i}: { type: shell${i ? `, needs: s${i - 1}` : ''}, with: { run: 'true' } }`);
  return lines.join('\n') + '\n';
}

// Stands in for `shell` in the no-op workload: the pipeline still validates.
const noop: StepType = { type: 'shell', run: async () => ({ exitCode: 0 }) };

async function once(text: string, ws: string, debug: boolean, stepTypes?: ReadonlyMap<string, StepType>): Promise<number> {
  const parsed = parsePipeline(text);
  const t = performance.now();
  const s = await runPipeline(parsed, { workspace: ws, stepTypes, ...(debug ? { debug: new DebugController() } : {}) }).done;
  const ms = performance.now() - t;
  if (s.status !== 'success') throw new Error(`run failed: ${JSON.stringify(s.steps.find((x) => x.status !== 'success'))}`);
  return ms;
}

async function compare(label: string, text: string, n: number, runs: number, stepTypes?: ReadonlyMap<string, StepType>): Promise<void> {
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-bench-debug-'));
  try {
    await once(text, ws, false, stepTypes); // warm-up
    const plain: number[] = [];
    const debug: number[] = [];
    for (let r = 0; r < runs; r++) {
      const order = r % 2 ? [true, false] : [false, true];
      for (const d of order) (d ? debug : plain).push(await once(text, ws, d, stepTypes));
    }
    const p = median(plain) / n;
    const d = median(debug) / n;
    // Pairs run back to back: the median of their ratios follows a machine whose load drifts.
    const paired = median(debug.map((x, i) => x / plain[i]!));
    console.log(`${label}: ${n} steps × ${runs} runs: without debugger ${p.toFixed(3)} ms/step, with (no breakpoints) ${d.toFixed(3)} ms/step; median paired ratio ${((paired - 1) * 100).toFixed(1)}% (goal ≤ 2%)`);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (STEPS > 0) await compare('no-op chain', chain(STEPS), STEPS, RUNS, new Map([['shell', noop]]));
  if (SHELL_STEPS > 0) await compare('shell chain', chain(SHELL_STEPS), SHELL_STEPS, RUNS);
}

void main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
