// The runner's overhead per step against make on the same command, in one run on the same machine.
// Fair baselines: a shell step runs `bash -e -o pipefail` on its script (steps/local/shell.ts), so the
// make side is `make -j2` with `SHELL := /bin/bash` and `.SHELLFLAGS := -e -o pipefail -c` (which also
// turns off make's no-shell fast path). A one-word `run` such as `true` is executed without a shell by
// both (`direct`, the shell step's default, vs make's fast path with its default shell): that pair is
// printed too. Shapes: 1,000 independent `true` steps (flat) and 1,000 steps each needing the previous
// (chain), concurrency 2; in process (runPipeline with the run store on) and through the CLI end to
// end (Node start-up, parsing and validation included). Both run the shipped build of the current
// sources: `esbuild.mjs --production` into the bench's folder (the CLI, its lazy bundles and the C
// spawn helper), and bench/overheadRunner.ts bundled the same way for the in-process runs.
// Then a per-step breakdown from a CPU profile (inspector, sampling every 200 µs) of one in-process
// bash flat run after the timed ones, from the sources so frames name their files (see
// summariseProfile; tsx's `__name` calls show there and not in the timed runs); with the profiler off
// nothing is charged.
// Usage: node --import tsx bench/overhead.bench.ts [--steps N] [--runs N] [--no-cli] [--no-profile] [--store-only]
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { yamlAsModule } from '../scripts/bundleAliases.mjs';
import { lazyExternals } from '../scripts/lazyBundles.mjs';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parsePipeline } from '../src/core/pipeline/index.js';
import { RunStore, runPipeline } from '../src/core/runner/index.js';
import { JsonlAppender } from '../src/core/runner/store/jsonl.js';
import { median, numberArg } from './benchSupport.js';

const N = numberArg('steps', 1000);
const RUNS = numberArg('runs', 3);
const ROOT = join(__dirname, '..');

type Shape = 'flat' | 'chain';
type Mode = 'bash' | 'direct';

/** The same command on both sides; the `;` makes make and the shell step both start bash. */
function recipe(mode: Mode): string {
  return mode === 'bash' ? 'true;' : 'true';
}

function ms(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

/** The pipeline text: `true;` has shell syntax, so the step runs it with bash like any script. */
function pipelineText(shape: Shape, mode: Mode): string {
  const lines = ['version: 1', `name: overhead-${shape}-${mode}`, 'steps:'];
  const w = `{ run: '${recipe(mode)}' }`;
  for (let i = 0; i < N; i++) lines.push(`  t${i}: { type: shell${shape === 'chain' && i ? `, needs: t${i - 1}` : ''}, with: ${w} }`);
  return `${lines.join('\n')}\n`;
}

function makefile(dir: string, shape: Shape, mode: Mode): string {
  const targets = Array.from({ length: N }, (_, i) => `t${i}`);
  const head = mode === 'bash' ? 'SHELL := /bin/bash\n.SHELLFLAGS := -e -o pipefail -c\n' : '';
  const rules = targets.map((t, i) => `${t}:${shape === 'chain' && i ? ` t${i - 1}` : ''}\n\t@${recipe(mode)}\n`).join('');
  const file = join(dir, `Makefile.${shape}.${mode}`);
  writeFileSync(file, `${head}.PHONY: all ${targets.join(' ')}\nall: ${targets.join(' ')}\n${rules}`);
  return file;
}

/** CPU time in ms, by whom: on 2 shared cores the wall time follows the machine's load, CPU much less. */
interface Cpu {
  /** make itself and its recipes (bash), or the runner's Node process (every thread). */
  main: number;
  /** The fork helper (C, Python or Perl; its process name is cut to 15 characters); 0 for make. */
  helper: number;
  /** The step processes the helper started and reaped (bash); for make, counted in `main`. */
  steps: number;
  /** Of `main`, the runner's main thread alone (the rest: V8's worker threads, JIT compiling and GC, and libuv's pool); 0 for make. */
  mainThread: number;
}

function runMake(dir: string, file: string): { wall: number; cpu: Cpu } {
  const t = process.hrtime.bigint();
  // `time` reports make's CPU with that of every recipe it waited for.
  const r = spawnSync('bash', ['-c', 'TIMEFORMAT="%3U %3S"; time make -j2 -s -f "$1" all >/dev/null', 'bash', file], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
  const wall = ms(t);
  if (r.status !== 0) throw new Error(`make failed: ${r.stderr}`);
  const [user, sys] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { wall, cpu: { main: (user! + sys!) * 1000, helper: 0, steps: 0, mainThread: 0 } };
}

/** The fork helper's own CPU and that of the processes it reaped, in ms, from /proc (Linux). */
function helperCpu(): { self: number; reaped: number } {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after the name: state ppid … utime(11) stime(12) cutime(13) cstime(14), in clock ticks (USER_HZ 100).
    if (Number(f[1]) !== process.pid || !/^(python3|perl|spawn-helper-.*)$/.test(comm)) continue;
    return { self: (Number(f[11]) + Number(f[12])) * 10, reaped: (Number(f[13]) + Number(f[14])) * 10 };
  }
  return { self: 0, reaped: 0 };
}

/** CPU time of this process's main thread in ms, from /proc (Linux; ticks of 10 ms); 0 elsewhere. */
function mainThreadCpu(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return 0;
  }
}

type Runner = Pick<typeof import('./overheadRunner.js'), 'parsePipeline' | 'RunStore' | 'runPipeline'>;

async function runInProcess(dir: string, text: string, runner: Runner = { parsePipeline, RunStore, runPipeline }): Promise<{ wall: number; cpu: Cpu }> {
  const { parsePipeline, RunStore, runPipeline } = runner;
  const store = new RunStore({ root: join(dir, '.ansflow', 'runs') });
  const h0 = helperCpu();
  const m0 = mainThreadCpu();
  const c0 = process.cpuUsage();
  const t = process.hrtime.bigint();
  const s = await runPipeline(parsePipeline(text), { workspace: dir, concurrency: 2, store }).done;
  const wall = ms(t);
  const c = process.cpuUsage(c0);
  const mainThread = mainThreadCpu() - m0;
  const h = helperCpu();
  if (s.status !== 'success') throw new Error(`bench run failed: ${s.steps.find((x) => x.status !== 'success')?.reason}`);
  return { wall, cpu: { main: (c.user + c.system) / 1000, helper: h.self - h0.self, steps: h.reaped - h0.reaped, mainThread } };
}

/** Median CPU per step in µs, field by field. */
function cpuPerStep(runs: Cpu[]): Cpu {
  const m = (k: keyof Cpu) => (median(runs.map((r) => r[k])) / N) * 1000;
  return { main: m('main'), helper: m('helper'), steps: m('steps'), mainThread: m('mainThread') };
}

/**
 * The shipped build of the current sources in `dir/build`: `esbuild.mjs --production --outdir` (the
 * CLI's small entry that runs cli-main.js from the V8 code cache, its lazy bundles, the C spawn helper
 * in native/), and the bench's runner entry bundled beside it with the same options, so it finds the
 * same helper and lazy bundles. The first CLI run writes the code cache, as a user's first start would
 * (ANSFLOW_NO_COMPILE_CACHE=1 in the bench's environment measures the plain compile).
 */
async function buildShipped(dir: string): Promise<{ cli: { file: string; flags: string[] }; runner: Runner }> {
  const out = join(dir, 'build');
  const r = spawnSync(process.execPath, [join(ROOT, 'esbuild.mjs'), '--production', '--outdir', out], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`esbuild.mjs failed: ${r.stderr || r.stdout}`);
  const runnerFile = join(out, 'overhead-runner.js');
  await build({ entryPoints: [join(__dirname, 'overheadRunner.ts')], outfile: runnerFile, bundle: true, minify: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', 'cpu-features', '*.node'], plugins: [lazyExternals(), yamlAsModule()], logLevel: 'error' });
  const banner = /#!\/usr\/bin\/env (?:-S )?node([^'"]*)/.exec(readFileSync(join(ROOT, 'esbuild.mjs'), 'utf8'));
  return { cli: { file: join(out, 'cli.js'), flags: (banner?.[1] ?? '').split(' ').filter(Boolean) }, runner: createRequire(__filename)(runnerFile) as Runner };
}

function runCli(dir: string, cli: { file: string; flags: string[] }, pipeline: string): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...cli.flags, cli.file, 'run', pipeline, '-j', '2', '--color', 'never'], { cwd: dir, encoding: 'utf8', env: { ...process.env, ANSFLOW_STORE: join(dir, '.ansflow', 'runs') } });
  const took = ms(t);
  if (r.status !== 0) throw new Error(`CLI run exited ${r.status ?? r.signal}: ${(r.stderr || r.stdout).split('\n').slice(-5).join('\n')}`);
  return took;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

// Where a sample's time is charged: the innermost frame of our own sources on its stack (so a
// writeSync in the store counts as the store's), grouped by what that code does.
const BUCKETS: [string, RegExp][] = [
  ['process spawn, helper frames, pipes', /src\/core\/process\//],
  ['step types (shell step, script file)', /src\/core\/runner\/steps\//],
  ['run store appends, fsync', /src\/core\/runner\/store\//],
  ['per-step log routing, masking', /src\/core\/runner\/(events\/(StepLogRouter|LogBatcher)|masking)/],
  ['event fan-out (emitter, consumers)', /src\/core\/runner\/events\//],
  ['scheduler, planning, step start', /src\/core\/runner\/(scheduler|DagRunner|InstanceStarter|plan|runState|runAttempts|startChecks|stepContext|instanceValues|interpolateWith|values|outputs|inject)/],
  ['runner (other)', /src\/core\/runner\//],
  ['pipeline parse, validation', /src\/core\/(pipeline|language|schema)/],
  ['core (other)', /src\/core\//],
];

/** The frame a sample is charged to: the innermost one of our sources, else the top one. */
function chargedFrame(stack: ProfileNode[]): ProfileNode {
  return stack.find((n) => n.callFrame.url.includes('/src/')) ?? stack[0]!;
}

function bucketOf(stack: ProfileNode[]): string {
  const top = stack[0]!.callFrame;
  if (top.functionName === '(garbage collector)') return 'garbage collection';
  if (top.functionName === '(idle)') return 'idle (waiting on child processes)';
  if (top.functionName === '(program)') return 'V8/libuv outside JS (program)';
  for (const n of stack) {
    const url = n.callFrame.url;
    if (!url.includes('/src/')) continue;
    for (const [name, re] of BUCKETS) if (re.test(url)) return name;
  }
  if (stack.some((n) => /^node:(internal\/)?timers|^node:internal\/timers/.test(n.callFrame.url))) return 'timers';
  if (stack.some((n) => /^node:(internal\/)?child_process/.test(n.callFrame.url))) return 'process spawn, helper frames, pipes';
  return 'Node internals (other)';
}

/** Self time per bucket, and per charged function of our sources, in ms, from a .cpuprofile. */
export function summariseProfile(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }): { totals: Map<string, number>; functions: Map<string, number> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const cache = new Map<number, [string, string | undefined]>();
  const totals = new Map<string, number>();
  const functions = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    let c = cache.get(id);
    if (c === undefined) {
      const stack: ProfileNode[] = [];
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.push(byId.get(at)!);
      const f = chargedFrame(stack).callFrame;
      cache.set(id, (c = [bucketOf(stack), f.url.includes('/src/') ? `${f.functionName || '(anonymous)'} ${f.url.slice(f.url.indexOf('/src/') + 1)}` : undefined]));
    }
    const t = (profile.timeDeltas[i] ?? 0) / 1000;
    totals.set(c[0], (totals.get(c[0]) ?? 0) + t);
    if (c[1]) functions.set(c[1], (functions.get(c[1]) ?? 0) + t);
  });
  return { totals, functions };
}

/**
 * What batching run-store appends could save: the records of N steps (queued, start, end) appended
 * as the store does (one write each) vs one write per step's three (the best a per-turn batch gets
 * on a 2-slot run), and the price of one fsync (the store groups them: at most one per 200 ms).
 */
function storeAppends(dir: string): void {
  const records = (i: number) => ['step-queued', 'step-start', 'step-end'].map((type) => ({ type, runId: '20260101-000000-abcdef', time: Date.now(), step: `t${i}`, stepId: `t${i}`, attempt: 1, ...(type === 'step-end' ? { status: 'success', exitCode: 0, durationMs: 3 } : {}) }));
  const one = new JsonlAppender(join(dir, 'one.jsonl'));
  let t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) for (const r of records(i)) one.append(r);
  const each = ms(t);
  const fd = openSync(join(dir, 'batched.jsonl'), 'a');
  t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) writeSync(fd, records(i).map((r) => `${JSON.stringify(r)}\n`).join(''));
  const batched = ms(t);
  t = process.hrtime.bigint();
  for (let i = 0; i < 10; i++) one.sync();
  const fsync = ms(t) / 10;
  one.close();
  closeSync(fd);
  console.log(`\n## Run-store appends (${N} steps × 3 records)`);
  console.log(`one write per record: ${((each / N) * 1000).toFixed(1)} µs/step · one write per step: ${((batched / N) * 1000).toFixed(1)} µs/step · one fsync: ${fsync.toFixed(2)} ms`);
}

/** Profiles one in-process bash flat run (after the warm-ups above) with the inspector, then summarises it. */
async function breakdown(dir: string): Promise<void> {
  // The timed runs used the bundle: warm the sources up first (module loading, the validator, JIT).
  await runInProcess(dir, pipelineText('flat', 'bash'));
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) => new Promise<T>((res, rej) => session.post(method, params, (e, r) => (e ? rej(e) : res(r as T))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  const { wall } = await runInProcess(dir, pipelineText('flat', 'bash'));
  const { profile } = await post<{ profile: Parameters<typeof summariseProfile>[0] }>('Profiler.stop');
  session.disconnect();
  const { totals, functions } = summariseProfile(profile);
  const all = [...totals.values()].reduce((a, b) => a + b, 0);
  console.log(`\n## Per-step breakdown (in process, bash, flat, one profiled run: ${((wall / N) * 1000).toFixed(0)} µs/step of wall)`);
  console.log('main-thread time per step, charged to the innermost frame of our sources:');
  for (const [name, t] of [...totals].sort((a, b) => b[1] - a[1])) console.log(`  ${name.padEnd(40)} ${((t / N) * 1000).toFixed(0).padStart(5)} µs/step  ${((t / all) * 100).toFixed(1).padStart(5)}%`);
  console.log('our functions charged the most:');
  for (const [name, t] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${((t / N) * 1000).toFixed(0).padStart(5)} µs/step  ${name}`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-bench-overhead-'));
  try {
    console.log(`# Runner overhead against make (${N} \`true\` steps, concurrency 2, median of ${RUNS} runs each, interleaved)`);
    const shipped = await buildShipped(dir);
    const cli = process.argv.includes('--no-cli') ? undefined : shipped.cli;
    for (const shape of process.argv.includes('--store-only') ? [] : (['flat', 'chain'] as Shape[])) {
      for (const mode of ['bash', 'direct'] as Mode[]) {
        const mk = makefile(dir, shape, mode);
        const text = pipelineText(shape, mode);
        const pipeline = join(dir, `${shape}-${mode}.ansflow.yaml`);
        writeFileSync(pipeline, text);
        await runInProcess(dir, text, shipped.runner); // warm-up: module loading, JIT
        const t = { make: [] as number[], inProcess: [] as number[], cli: [] as number[] };
        const cpu = { make: [] as Cpu[], inProcess: [] as Cpu[] };
        for (let r = 0; r < RUNS; r++) {
          const mk1 = runMake(dir, mk);
          t.make.push(mk1.wall);
          cpu.make.push(mk1.cpu);
          const in1 = await runInProcess(dir, text, shipped.runner);
          t.inProcess.push(in1.wall);
          cpu.inProcess.push(in1.cpu);
          if (cli) t.cli.push(runCli(dir, cli, relative(dir, pipeline)));
        }
        const m = median(t.make);
        const label = mode === 'bash' ? 'bash -e -o pipefail on both sides' : 'no shell on both sides (direct exec vs make fast path)';
        console.log(`\n## ${shape}, ${label}`);
        console.log(`make -j2: ${m.toFixed(0)} ms (${((m / N) * 1000).toFixed(0)} µs/step)`);
        const inP = median(t.inProcess);
        console.log(`in process: ${inP.toFixed(0)} ms → ratio ${(inP / m).toFixed(2)}× (goal ≤ 1.3×; own overhead ${(((inP - m) / N) * 1000).toFixed(0)} µs/step)`);
        if (cli) {
          const c = median(t.cli);
          console.log(`CLI end to end: ${c.toFixed(0)} ms → ratio ${(c / m).toFixed(2)}× (goal ≤ 1.4×)`);
        }
        console.log(`runs (make / in process${cli ? ' / CLI' : ''}): ${t.make.map((x, i) => [x, t.inProcess[i]!, ...(cli ? [t.cli[i]!] : [])].map((y) => y.toFixed(0)).join('/')).join(', ')}`);
        const mc = cpuPerStep(cpu.make);
        const ic = cpuPerStep(cpu.inProcess);
        const ours = ic.main + ic.helper + ic.steps;
        console.log(
          `CPU per step (median): make and its recipes ${mc.main.toFixed(0)} µs · in process ${ours.toFixed(0)} µs = runner (Node, all threads) ${ic.main.toFixed(0)} (main thread ${ic.mainThread.toFixed(0)}, V8 and libuv worker threads ${(ic.main - ic.mainThread).toFixed(0)}) + fork helper ${ic.helper.toFixed(0)} + step processes ${ic.steps.toFixed(0)} → ratio ${(ours / mc.main).toFixed(2)}×`,
        );
      }
    }
    storeAppends(dir);
    if (!process.argv.includes('--no-profile') && !process.argv.includes('--store-only')) await breakdown(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
