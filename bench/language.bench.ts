// Language service bench: a generated 2,000-step pipeline (~22,000 lines). Times our full diagnostics
// (core parse + validate + link checks), completion at 20 positions and hover at 20 positions, and
// yaml-language-server 2.x doing diagnostics and completion on the same text with the same schema, in
// the same process, then prints ratios. Run: node --import tsx bench/language.bench.ts [steps]
//
// Completion is measured the way the editor runs it: against the analysis of the previous keystroke
// (AnalysisCache.latest) plus the live text, so the parse is not part of a completion request.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cpus, loadavg } from 'node:os';
import { parsePipeline } from '../src/core/pipeline/index.js';
import { analyzePipeline, complete, hover, LineIndex, pipelineDiagnostics, SchemaNavigator, type ParsePipelineFn, type SchemaNode } from '../src/language/index.js';

const STEPS = Number(process.argv[2] ?? 2000);
const SCHEMA_FILE = join(__dirname, '..', 'schemas', 'pipeline.schema.json');

/** A pipeline of `n` shell steps, each needing up to two earlier ones and reading an output. */
export function generatePipeline(n: number): string {
  const lines = ['version: 1', 'name: generated', 'params:', '  target:', '    type: string', '    default: prod', 'env:', '  REGION: eu', 'steps:'];
  for (let i = 0; i < n; i++) {
    const half = Math.floor(i / 2);
    const needs = i === 0 ? '' : half === i - 1 || half === 0 ? `[s${i - 1}]` : `[s${i - 1}, s${half}]`;
    lines.push(`  s${i}:`, `    name: Step ${i}`, '    type: shell');
    if (needs) lines.push(`    needs: ${needs}`);
    lines.push('    with:', '      run: |', `        echo "step ${i} for \${{ params.target }}"`, i > 0 ? `        echo \${{ steps.s${i - 1}.outputs.result }}` : '        echo first');
    lines.push('    outputs:', '      result: the result line', '    env:', `      INDEX: "${i}"`);
  }
  return lines.join('\n') + '\n';
}

/**
 * The same steps as {@link generatePipeline}, `perJob` to a job under `jobs:` (a job needs the one
 * before it; the first has an env): what a GitHub Actions-style file looks like, same text size.
 */
export function inJobs(text: string, perJob: number): string {
  const [head, body] = text.split('steps:\n');
  const out = [head!.trimEnd(), 'jobs:'];
  body!.split(/\n(?= {2}s\d+:\n)/).forEach((block, i) => {
    const j = Math.floor(i / perJob);
    if (i % perJob === 0) out.push(`  j${j}:`, j ? `    needs: [j${j - 1}]` : '    env: { JOB: "first" }', '    steps:');
    out.push(block.trimEnd().replace(/^/gm, '    '));
  });
  return `${out.join('\n')}\n`;
}

function stats(samples: number[]): { p50: number; p95: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number): number => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
  return { p50: q(0.5), p95: q(0.95), max: s[s.length - 1]! };
}

function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const r = fn();
  return [r, performance.now() - t];
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}

const ms = (x: number): string => `${x.toFixed(1)} ms`;

async function main(): Promise<void> {
  // yaml-language-server is ESM-only: load it with import() from this CommonJS-compiled file.
  const { getLanguageService } = await import('yaml-language-server');
  const { TextDocument } = await import('vscode-languageserver-textdocument');
  const parse: ParsePipelineFn = parsePipeline;
  const schemaText = readFileSync(SCHEMA_FILE, 'utf8');
  const schema = JSON.parse(schemaText) as SchemaNode;
  const text = generatePipeline(STEPS);
  const lines = new LineIndex(text);
  console.log(`language bench: ${STEPS} steps, ${lines.lineCount} lines, ${(text.length / 1024).toFixed(0)} KiB, node ${process.version}`);

  // 20 completion positions spread over the file: a step `type` value, a `needs` item, an expression
  // member after `steps.`, and a key position in a step — five of each.
  const positions: number[] = [];
  for (let k = 0; k < 5; k++) {
    const i = Math.floor(((k + 0.5) * STEPS) / 5);
    const stepAt = text.indexOf(`\n  s${i}:\n`) + 1;
    positions.push(text.indexOf('    type: shell', stepAt) + '    type: sh'.length);
    const needs = text.indexOf('    needs: [', stepAt);
    positions.push(needs + '    needs: ['.length);
    const expr = text.indexOf('${{ steps.', stepAt);
    positions.push(expr + '${{ steps.'.length);
    positions.push(text.indexOf('    outputs:', stepAt) + 4);
  }
  const nav = new SchemaNavigator(schema);

  // ── yaml-language-server 2.x, same text, same schema ─────────────────────────────────────────────
  const uri = 'file:///bench/generated.ansflow.yaml';
  const schemaUri = 'file:///bench/pipeline.schema.json';
  const yls = getLanguageService({
    schemaRequestService: async (u: string) => (u === schemaUri ? schemaText : Promise.reject(new Error(`no schema ${u}`))),
    workspaceContext: { resolveRelativePath: (rel: string, res: string) => new URL(rel, res).toString() },
  });
  yls.configure({ validate: true, completion: true, hover: true, schemas: [{ uri: schemaUri, fileMatch: ['*.ansflow.yaml'], schema }] });
  let version = 1;
  // A new version each time, as after an edit: neither side may reuse a parse.
  const doc = () => TextDocument.create(uri, 'yaml', version++, text);
  const ours = () => pipelineDiagnostics(analyzePipeline(parse, text, { file: '/bench/generated.ansflow.yaml' }));

  // ── diagnostics: cold once each, then warm rounds alternating ours / theirs ──────────────────────
  // Alternating keeps both sides under the same machine load (this box is shared), and the ratio is
  // taken per round, then its median reported.
  const [cold, oursColdMs] = time(() => analyzePipeline(parse, text, { file: '/bench/generated.ansflow.yaml' }));
  const coldDiags = pipelineDiagnostics(cold);
  const [ylsCold, ylsColdMs] = await timeAsync(() => yls.doValidation(doc(), false));
  const warm: number[] = [];
  const ylsWarmSamples: number[] = [];
  const roundRatios: number[] = [];
  for (let r = 0; r < 7; r++) {
    const o = time(ours)[1];
    const y = (await timeAsync(() => yls.doValidation(doc(), false)))[1];
    warm.push(o);
    ylsWarmSamples.push(y);
    roundRatios.push(y / o);
  }
  const oursWarm = stats(warm);
  const ylsWarm = stats(ylsWarmSamples);
  console.log(`ours   diagnostics: cold ${ms(oursColdMs)}, warm p50 ${ms(oursWarm.p50)} (${coldDiags.length} diagnostics)`);
  console.log(`yaml-language-server diagnostics: cold ${ms(ylsColdMs)}, warm p50 ${ms(ylsWarm.p50)} (${ylsCold.length} diagnostics)`);

  // ── ours: completion and hover ───────────────────────────────────────────────────────────────────
  // Warm-up round (JIT), as in an editor that has served a few requests; then the measured round.
  for (const p of positions) complete(cold, nav, p, { text });
  const compl: number[] = [];
  const medians: number[] = [];
  let items = 0;
  for (const p of positions) {
    // Each position is timed 5 times: the first sample alone (as one request would see it) and the median
    // of the five, which filters GC pauses and scheduler noise on this shared 2-core machine.
    const samples: number[] = [];
    for (let r = 0; r < 5; r++) {
      const [res, t] = time(() => complete(cold, nav, p, { text }));
      samples.push(t);
      if (r === 0) items += res.length;
    }
    compl.push(samples[0]!);
    medians.push(stats(samples).p50);
  }
  const oc = stats(compl);
  const om = stats(medians);
  console.log(`ours   completion (20 positions, 1st request): p50 ${ms(oc.p50)}, p95 ${ms(oc.p95)}, max ${ms(oc.max)} (${items} items)`);
  console.log(`ours   completion (20 positions, median of 5): p50 ${ms(om.p50)}, p95 ${ms(om.p95)}`);
  const hov: number[] = [];
  let hovers = 0;
  for (const p of positions) {
    const [r, t] = time(() => hover(cold, nav, p - 1));
    hov.push(t);
    if (r) hovers++;
  }
  const oh = stats(hov);
  console.log(`ours   hover (20 positions): p50 ${ms(oh.p50)}, p95 ${ms(oh.p95)} (${hovers} with content)`);

  const ylsCompl: number[] = [];
  const same = doc();
  for (const p of positions) ylsCompl.push((await timeAsync(() => yls.doComplete(same, lines.positionAt(p), false)))[1]);
  const yc = stats(ylsCompl);
  console.log(`yaml-language-server completion (20 positions): p50 ${ms(yc.p50)}, p95 ${ms(yc.p95)}`);

  // ── ratios (same run) ────────────────────────────────────────────────────────────────────────────
  const ratio = (base: number, ours: number): string => `${(base / ours).toFixed(1)}×`;
  console.log('');
  console.log(`diagnostics cold: ours ${ratio(ylsColdMs, oursColdMs)} faster (goal ≥ 3×)`);
  console.log(`diagnostics warm: ours ${stats(roundRatios).p50.toFixed(1)}× faster (median of 7 alternating rounds; ${roundRatios.map((x) => x.toFixed(1)).join(' ')}) (goal ≥ 3×)`);
  console.log(`completion p50:   ours ${ratio(yc.p50, oc.p50)} faster; ours p95 ${ms(oc.p95)} first request, ${ms(om.p95)} median of 5 (goal < 10 ms)`);
  console.log(`load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs`);
}

// Runs when executed directly (the generator is also imported by profiling scripts).
if (process.argv[1]?.endsWith('language.bench.ts')) main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
