// Validation bench: parse + validate a generated 2,000-step pipeline (~20,000 lines) with the core,
// and yaml-language-server 2.x validating the same text with the same schema. Each engine runs in a
// fresh process of its own (alternated, --runs of each): cold is its first call there (its modules
// loaded, nothing run yet: our generated validator is required inside it, its schema is fetched and
// compiled inside it), warm the median of repeated calls on a new text version each time. Twice:
// from the sources (tsx) and bundled with esbuild as shipped (ours as esbuild.mjs bundles it, with
// the validator and schema in lazy/; yaml-language-server in one bundle as its VS Code extension
// ships it); bundled a second time with ours under the node flags of the CLI's shebang, as `ansflow
// validate` runs. Prints wall and CPU (all the process's threads) and the ratios (goal: ours ≥ 3× faster).
// Run: node --import tsx bench/validate.bench.ts [steps] [warmRounds] [--runs N] [--no-bundled]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parsePipeline } from '../src/core/pipeline/index.js';
import { generatePipeline } from './fixtures/generatePipeline.js';
import { aliasBomb } from '../test/unit/core/pipeline/hostile/hostileCorpus.js';
import { median, numberArg } from './benchSupport.js';

const VALUE_FLAGS = ['--runs', '--child', '--schema'];
const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !VALUE_FLAGS.includes(all[i - 1] ?? ''));
const STEPS = Number(positional[0] ?? 2000);
const ROUNDS = Number(positional[1] ?? 7);
const RUNS = numberArg('runs', 3);
const ROOT = join(__dirname, '..');
const FILE = '/bench/generated.ansflow.yaml';

type Engine = 'ours' | 'yls';
interface Sample {
  cold: number;
  coldCpu: number;
  /** Minor page faults during the cold call: fresh memory the heap touched for the first time. */
  coldFaults: number;
  warm: number;
  diagnostics: number;
}

const ms = (x: number): string => `${x.toFixed(0)} ms`;

/** A distinct text per round, so no layer can answer from a cache keyed by the text. */
function variant(text: string, round: number): string {
  return text.replace('name: generated', `name: generated-${round}`);
}

/** Times `call` on the first text (cold) and then on `ROUNDS` variants (warm median). */
async function timeEngine(call: (text: string) => Promise<number> | number): Promise<Sample> {
  const text = generatePipeline(STEPS);
  const f0 = process.resourceUsage().minorPageFault;
  const c0 = process.cpuUsage();
  let t = performance.now();
  const diagnostics = await call(text);
  const cold = performance.now() - t;
  const c = process.cpuUsage(c0);
  const coldFaults = process.resourceUsage().minorPageFault - f0;
  const warm: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const v = variant(text, r);
    t = performance.now();
    await call(v);
    warm.push(performance.now() - t);
  }
  return { cold, coldCpu: (c.user + c.system) / 1000, coldFaults, warm: median(warm), diagnostics };
}

async function ylsValidator(schemaFile: string): Promise<(text: string) => Promise<number>> {
  // ESM-only package: import() from this CommonJS-compiled file (bundled, it is inlined).
  const { getLanguageService } = await import('yaml-language-server');
  const { TextDocument } = await import('vscode-languageserver-textdocument');
  const schemaText = readFileSync(schemaFile, 'utf8');
  const schemaUri = 'file:///bench/pipeline.schema.json';
  const yls = getLanguageService({
    schemaRequestService: async (u: string) => (u === schemaUri ? schemaText : Promise.reject(new Error(`no schema ${u}`))),
    workspaceContext: { resolveRelativePath: (rel: string, res: string) => new URL(rel, res).toString() },
  });
  yls.configure({ validate: true, completion: false, hover: false, schemas: [{ uri: schemaUri, fileMatch: ['*.ansflow.yaml'], schema: JSON.parse(schemaText) }] });
  let version = 1;
  return async (text) => (await yls.doValidation(TextDocument.create(`file://${FILE}`, 'yaml', version++, text), false)).length;
}

/** One engine in this (fresh) process: prints its sample as one JSON line. */
async function child(engine: Engine, schemaFile: string): Promise<void> {
  const call = engine === 'ours' ? (text: string) => parsePipeline(text, { file: FILE }).diagnostics.length : await ylsValidator(schemaFile);
  console.log(JSON.stringify(await timeEngine(call)));
}

/** The bench bundled as shipped; returns the command that runs it. */
async function bundle(dir: string): Promise<string[]> {
  // Imported here: the bundled child does not carry esbuild, and must not run the build scripts' module
  // code (bundleAliases.mjs resolves from import.meta.url, which a CommonJS bundle does not have).
  const { build } = await import('esbuild');
  const { lazyExternals, lazyTargets } = await import('../scripts/lazyBundles.mjs');
  const { yamlAsModule } = await import('../scripts/bundleAliases.mjs');
  // lazyExternals() matches its entries from the working directory, as esbuild.mjs runs in the root.
  process.chdir(ROOT);
  const common = { absWorkingDir: ROOT, bundle: true, platform: 'node' as const, format: 'cjs' as const, target: 'node20', logLevel: 'error' as const, external: ['vscode', 'cpu-features', '*.node', 'esbuild'] };
  // yaml-language-server's packages as its extension's webpack build takes them (ESM entries).
  await build({ ...common, entryPoints: { validate: join(ROOT, 'bench/validate.bench.ts') }, outdir: dir, mainFields: ['module', 'main'], plugins: [lazyExternals() as never, yamlAsModule() as never] });
  const [lazy] = lazyTargets(common, join(dir, 'lazy')) as Array<{ entryPoints: Record<string, string> }>;
  const only = ['pipeline-validator', 'pipeline-schema'];
  await build({ ...(lazy as object), entryPoints: Object.fromEntries(only.map((k) => [k, lazy!.entryPoints[k]!])) });
  return [join(dir, 'validate.js')];
}

function runChild(cmd: string[], engine: Engine, schemaFile: string, nodeFlags: string[] = []): Sample {
  const r = spawnSync(process.execPath, [...nodeFlags, ...cmd, String(STEPS), String(ROUNDS), '--child', engine, '--schema', schemaFile], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`${engine} child exited ${r.status ?? r.signal}: ${r.stderr.split('\n').slice(-6).join('\n')}`);
  return JSON.parse(line) as Sample;
}

/** `oursFlags`: node flags for our engine's processes only (yaml-language-server's server runs with none). */
function report(label: string, cmd: string[], schemaFile: string, oursFlags: string[] = []): void {
  const samples: Record<Engine, Sample[]> = { ours: [], yls: [] };
  for (let i = 0; i < RUNS; i++) {
    // Alternated, and each pair in the other order than the last, so load drifts hit both alike.
    const order: Engine[] = i % 2 === 0 ? ['ours', 'yls'] : ['yls', 'ours'];
    for (const e of order) samples[e].push(runChild(cmd, e, schemaFile, e === 'ours' ? oursFlags : []));
  }
  const m = (e: Engine, k: keyof Sample) => median(samples[e].map((s) => s[k]));
  const list = (e: Engine, k: keyof Sample) => samples[e].map((s) => s[k].toFixed(0)).join(' / ');
  console.log(`${label}: ${RUNS} fresh processes each, load average ${loadAverage()}`);
  console.log(`  ours                 cold ${ms(m('ours', 'cold'))} (CPU ${ms(m('ours', 'coldCpu'))}, ${m('ours', 'coldFaults')} page faults), warm ${ms(m('ours', 'warm'))}  [cold ${list('ours', 'cold')}] (${m('ours', 'diagnostics')} diagnostics)`);
  console.log(`  yaml-language-server cold ${ms(m('yls', 'cold'))} (CPU ${ms(m('yls', 'coldCpu'))}, ${m('yls', 'coldFaults')} page faults), warm ${ms(m('yls', 'warm'))}  [cold ${list('yls', 'cold')}] (${m('yls', 'diagnostics')} diagnostics)`);
  console.log(`  cold: ours ${(m('yls', 'cold') / m('ours', 'cold')).toFixed(2)}× faster, CPU ${(m('yls', 'coldCpu') / m('ours', 'coldCpu')).toFixed(2)}× (goal ≥ 3×); warm: ${(m('yls', 'warm') / m('ours', 'warm')).toFixed(2)}×`);
}

/** The node flags of the CLI's shebang, as esbuild.mjs writes it. */
function cliNodeFlags(): string[] {
  const banner = /#!\/usr\/bin\/env (?:-S )?node([^'"]*)/.exec(readFileSync(join(ROOT, 'esbuild.mjs'), 'utf8'));
  return (banner?.[1] ?? '').split(' ').filter(Boolean);
}

/**
 * What this machine charges for memory touched the first time, in µs a 4 KiB page (a fresh 32 MiB
 * buffer written once per page, median of three). A cold call's heap grows into fresh pages: ~0.1–0.5 µs
 * each on most machines, far more on some virtual ones, where it can be a large part of the cold figure.
 */
function firstTouchMicros(): number {
  const samples: number[] = [];
  for (let r = 0; r < 3; r++) {
    const b = Buffer.allocUnsafeSlow(32 << 20);
    const t = performance.now();
    for (let i = 0; i < b.length; i += 4096) b[i] = 1;
    samples.push(((performance.now() - t) * 1000) / (b.length / 4096));
  }
  return median(samples);
}

function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return '?';
  }
}

async function main(): Promise<void> {
  const childArg = process.argv.indexOf('--child');
  if (childArg > 0) return child(process.argv[childArg + 1] as Engine, process.argv[process.argv.indexOf('--schema') + 1]!);
  const schemaFile = join(ROOT, 'schemas', 'pipeline.schema.json');
  const text = generatePipeline(STEPS);
  console.log(`validate bench: ${STEPS} steps, ${text.split('\n').length - 1} lines, ${(text.length / 1024).toFixed(0)} KiB, ${ROUNDS} warm rounds, node ${process.version}`);
  console.log(`this machine: a page touched for the first time costs ${firstTouchMicros().toFixed(2)} µs (each engine's cold call below counts its page faults)`);
  report('from the sources (tsx)', [...process.execArgv, __filename], schemaFile);
  if (!process.argv.includes('--no-bundled')) {
    const dir = mkdtempSync(join(tmpdir(), 'ansflow-validate-bench-'));
    try {
      const cmd = await bundle(dir);
      report('bundled (esbuild, as shipped; default node flags, as the language worker runs)', cmd, schemaFile);
      // `ansflow validate` runs with the flags of the CLI's shebang (a smaller young generation: fewer
      // fresh pages touched while most of what a cold parse allocates survives it).
      const flags = cliNodeFlags();
      if (flags.length) report(`bundled, ours with the CLI's node flags (${flags.join(' ')}), as \`ansflow validate\` runs`, cmd, schemaFile, flags);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  // ── hostile input: nested aliases (each extra line ×9 when walked without a budget) ────────────
  console.log('');
  for (const lines of [7, 9, 12]) {
    const bomb = aliasBomb(lines);
    const t = performance.now();
    const parsed = parsePipeline(bomb);
    const took = performance.now() - t;
    const cut = parsed.diagnostics.some((d) => d.code === 'alias-limit');
    console.log(`alias bomb: ${lines} lines, ${bomb.length} bytes: ${took.toFixed(1)} ms (goal < 1000 ms; alias-limit ${cut ? 'reported' : 'MISSING'})`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
