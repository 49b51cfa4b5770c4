// The debugger's cost when nothing is held: per-step overhead of a run under the debugger with no
// breakpoints vs the same run without one (goal ≤ 2%). Two ways of being under the debugger:
//  - `controller`: RunOptions.debug = a DebugController (the runner's hook alone);
//  - `session`: the whole DAP session as the editor drives it (launch, configurationDone; run events
//    turned into Debug Console output events), timed from configurationDone to the run's end.
// Two workloads: a chain of no-op steps (a step type that starts no process: the scheduler alone, worst
// case) and a chain of `true` shell steps (what a real step pays). The three modes rotate their order each
// round; the figure is the median ratio of the runs of one round (back to back, so a drifting load
// cancels out), in wall time and in this process's CPU time (user + system: steadier than wall time when
// others share the cores; the shell children are not in it, the runner and the debugger are).
// Under a heavy shared load both swing by more than the goal, so the bench also times the debugger's own
// per-step work directly in a loop (the hook with nothing held; the console lines of a step's log and end)
// and prints it as a share of the plain run's CPU time per step.
// Usage: node --import tsx bench/debug.bench.ts [--steps N] [--shell-steps N] [--runs N]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StepType } from '../src/core/contracts/StepType.js';
import { parsePipeline } from '../src/core/pipeline/index.js';
import { runPipeline } from '../src/core/runner/index.js';
import { DebugController } from '../src/core/runner/debug/DebugController.js';
import { DapSession } from '../src/core/runner/debug/dap/DapSession.js';
import { StepOutput } from '../src/core/runner/debug/dap/stepOutput.js';
import type { Candidate } from '../src/core/runner/startChecks.js';
import type { RunEvent } from '../src/core/contracts/events.js';
import { median, numberArg } from './benchSupport.js';

const STEPS = numberArg('steps', 1000);
const SHELL_STEPS = numberArg('shell-steps', 100);
const RUNS = numberArg('runs', 7);

type Mode = 'plain' | 'controller' | 'session';
const MODES: readonly Mode[] = ['plain', 'controller', 'session'];

function chain(n: number): string {
  const lines = ['version: 1', 'steps:'];
  for (let i = 0; i < n; i++) lines.push(`  s${i}: { type: shell${i ? `, needs: s${i - 1}` : ''}, with: { run: 'echo s${i}' } }`);
  return lines.join('\n') + '\n';
}

// Stands in for `shell` in the no-op workload: the pipeline still validates. It logs one line, as the
// shell steps do, so the session's output path is part of the cost.
const noop: StepType = {
  type: 'shell',
  run: async (ctx) => {
    ctx.log('stdout', `${ctx.step}\n`);
    return { exitCode: 0 };
  },
};

interface Sample {
  wall: number;
  cpu: number;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function once(mode: Mode, text: string, file: string, ws: string, stepTypes?: ReadonlyMap<string, StepType>): Promise<Sample> {
  let wall0: number;
  let cpu0: number;
  let status: string;
  if (mode === 'session') {
    let seq = 1;
    const session = new DapSession(() => {}, () => ({ workspace: ws, stepTypes }));
    await session.handle({ seq: seq++, type: 'request', command: 'initialize' });
    await session.handle({ seq: seq++, type: 'request', command: 'launch', arguments: { pipeline: file } });
    await session.handle({ seq: seq++, type: 'request', command: 'setBreakpoints', arguments: { source: { path: file }, breakpoints: [] } });
    wall0 = performance.now();
    cpu0 = cpuMs();
    await session.handle({ seq: seq++, type: 'request', command: 'configurationDone' });
    status = (await session.run!.done).status;
  } else {
    const parsed = parsePipeline(text);
    wall0 = performance.now();
    cpu0 = cpuMs();
    status = (await runPipeline(parsed, { workspace: ws, stepTypes, ...(mode === 'controller' ? { debug: new DebugController() } : {}) }).done).status;
  }
  const sample = { wall: performance.now() - wall0, cpu: cpuMs() - cpu0 };
  if (status !== 'success') throw new Error(`${mode} run ended ${status}`);
  return sample;
}

function pct(ratio: number): string {
  return `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)}%`;
}

/** µs per call of `fn(i)`, the best of five timed loops of `n` calls (a loop is short enough to dodge most preemption). */
function loopMicros(n: number, fn: (i: number) => void): number {
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const t = performance.now();
    for (let i = 0; i < n; i++) fn(i);
    best = Math.min(best, ((performance.now() - t) * 1000) / n);
  }
  return best;
}

/** The debugger's own work per step, timed directly: the hook with nothing held, and the session's console lines. */
function directCost(): { hook: number; console: number } {
  const debug = new DebugController();
  const signal = new AbortController().signal;
  // What the hook reads of a candidate: the instance, host and flags (it keeps them for snapshots).
  const candidates = Array.from({ length: 1000 }, (_, i) => ({ inst: { key: `s${i}`, step: { id: `s${i}` } }, host: {}, failed: false, skippedDep: undefined, signal }) as unknown as Candidate);
  const hook = loopMicros(200_000, (i) => void debug.beforeStart(candidates[i % 1000]!));
  const out = new StepOutput();
  const sent: unknown[] = [];
  let seq = 0;
  const send = (body: unknown) => {
    // As DapSession.event builds each message before handing it to the client.
    sent.push({ seq: seq++, type: 'event', event: 'output', body });
    if (sent.length > 1000) sent.length = 0;
  };
  const events = (i: number): RunEvent[] => [
    { type: 'step-log', runId: 'r', time: 0, step: `s${i}`, stream: 'stdout', text: `s${i}\n` },
    { type: 'step-end', runId: 'r', time: 0, step: `s${i}`, stepId: `s${i}`, status: 'success', attempt: 1, durationMs: 1 },
  ];
  const prepared = Array.from({ length: 1000 }, (_, i) => events(i));
  const console_ = loopMicros(200_000, (i) => {
    for (const e of prepared[i % 1000]!) {
      const body = out.format(e);
      if (body) send(body);
    }
  });
  return { hook, console: console_ };
}

async function compare(label: string, n: number, runs: number, stepTypes?: ReadonlyMap<string, StepType>): Promise<void> {
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-bench-debug-'));
  const file = join(ws, 'chain.ansflow.yaml');
  const text = chain(n);
  writeFileSync(file, text);
  try {
    for (const m of MODES) await once(m, text, file, ws, stepTypes); // warm-up
    const samples: Record<Mode, Sample[]> = { plain: [], controller: [], session: [] };
    for (let r = 0; r < runs; r++) {
      const order = MODES.map((_, i) => MODES[(i + r) % MODES.length]!);
      for (const m of order) samples[m].push(await once(m, text, file, ws, stepTypes));
    }
    const perStep = (m: Mode, k: keyof Sample) => (median(samples[m].map((s) => s[k])) / n).toFixed(3);
    const paired = (m: Mode, k: keyof Sample) => median(samples[m].map((s, i) => s[k] / samples.plain[i]![k]));
    console.log(`${label}: ${n} steps × ${runs} rounds, ms/step wall (cpu):`);
    console.log(`  without debugger   ${perStep('plain', 'wall')} (${perStep('plain', 'cpu')})`);
    for (const m of ['controller', 'session'] as const) {
      console.log(`  ${m.padEnd(18)} ${perStep(m, 'wall')} (${perStep(m, 'cpu')}); median paired ratio: wall ${pct(paired(m, 'wall'))}, cpu ${pct(paired(m, 'cpu'))} (goal ≤ +2%)`);
    }
    const d = directCost();
    const plainCpuUs = (median(samples.plain.map((s) => s.cpu)) / n) * 1000;
    console.log(
      `  direct: hook ${d.hook.toFixed(3)} µs/step (${((d.hook / plainCpuUs) * 100).toFixed(3)}% of the plain run's ${plainCpuUs.toFixed(0)} µs CPU/step); ` +
        `with the session's console lines ${(d.hook + d.console).toFixed(3)} µs/step (${(((d.hook + d.console) / plainCpuUs) * 100).toFixed(3)}%)`,
    );
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (STEPS > 0) await compare('no-op chain', STEPS, RUNS, new Map([['shell', noop]]));
  if (SHELL_STEPS > 0) await compare('shell chain', SHELL_STEPS, RUNS);
}

void main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
