// Validation bench: parse + validate a generated 2,000-step pipeline (~20,000 lines) with the core,
// cold (first call in the process: schema compile, JIT) and warm (median of repeated calls on a new
// text version each time), and yaml-language-server 2.x validating the same text with the same
// schema in the same process. Prints both and the ratios (goal: ours ≥ 3× faster).
// Run: node --import tsx bench/validate.bench.ts [steps] [warmRounds]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parsePipeline } from '../src/core/pipeline/index.js';
import { generatePipeline } from './fixtures/generatePipeline.js';
import { aliasBomb } from '../test/unit/core/pipeline/hostile/hostileCorpus.js';
import { median } from './benchSupport.js';

const STEPS = Number(process.argv[2] ?? 2000);
const ROUNDS = Number(process.argv[3] ?? 7);
const SCHEMA_FILE = join(__dirname, '..', 'schemas', 'pipeline.schema.json');

const ms = (x: number): string => `${x.toFixed(1)} ms`;

/** A distinct text per round, so no layer can answer from a cache keyed by the text. */
function variant(text: string, round: number): string {
  return text.replace('name: generated', `name: generated-${round}`);
}

async function main(): Promise<void> {
  const text = generatePipeline(STEPS);
  const lineCount = text.split('\n').length - 1;
  console.log(`validate bench: ${STEPS} steps, ${lineCount} lines, ${(text.length / 1024).toFixed(0)} KiB, node ${process.version}`);

  // ── ours ───────────────────────────────────────────────────────────────────────────────────────
  let t = performance.now();
  const first = parsePipeline(text, { file: '/bench/generated.ansflow.yaml' });
  const oursCold = performance.now() - t;
  if (first.diagnostics.length) console.log(`  (ours reported ${first.diagnostics.length} diagnostics; first: ${first.diagnostics[0]!.code} ${first.diagnostics[0]!.message})`);
  const oursWarmSamples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const v = variant(text, r);
    t = performance.now();
    parsePipeline(v, { file: '/bench/generated.ansflow.yaml' });
    oursWarmSamples.push(performance.now() - t);
  }
  const oursWarm = median(oursWarmSamples);
  console.log(`ours                 parse+validate: cold ${ms(oursCold)}, warm median ${ms(oursWarm)} (${first.diagnostics.length} diagnostics, ${first.pipeline.steps.length} steps)`);

  // ── yaml-language-server 2.x: same text, same schema ────────────────────────────────────────────
  // ESM-only package: loaded with import() from this CommonJS-compiled file.
  const { getLanguageService } = await import('yaml-language-server');
  const { TextDocument } = await import('vscode-languageserver-textdocument');
  const schemaText = readFileSync(SCHEMA_FILE, 'utf8');
  const schemaUri = 'file:///bench/pipeline.schema.json';
  const uri = 'file:///bench/generated.ansflow.yaml';
  const yls = getLanguageService({
    schemaRequestService: async (u: string) => (u === schemaUri ? schemaText : Promise.reject(new Error(`no schema ${u}`))),
    workspaceContext: { resolveRelativePath: (rel: string, res: string) => new URL(rel, res).toString() },
  });
  yls.configure({ validate: true, completion: false, hover: false, schemas: [{ uri: schemaUri, fileMatch: ['*.ansflow.yaml'], schema: JSON.parse(schemaText) }] });
  let version = 1;
  t = performance.now();
  const ylsFirst = await yls.doValidation(TextDocument.create(uri, 'yaml', version++, text), false);
  const ylsCold = performance.now() - t;
  const ylsWarmSamples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const doc = TextDocument.create(uri, 'yaml', version++, variant(text, r));
    t = performance.now();
    await yls.doValidation(doc, false);
    ylsWarmSamples.push(performance.now() - t);
  }
  const ylsWarm = median(ylsWarmSamples);
  console.log(`yaml-language-server doValidation:   cold ${ms(ylsCold)}, warm median ${ms(ylsWarm)} (${ylsFirst.length} diagnostics)`);

  console.log('');
  console.log(`cold: ours ${(ylsCold / oursCold).toFixed(1)}× faster (goal ≥ 3×)`);
  console.log(`warm: ours ${(ylsWarm / oursWarm).toFixed(1)}× faster (goal ≥ 3×)`);

  // ── hostile input: nested aliases (each extra line ×9 when walked without a budget) ────────────
  console.log('');
  for (const lines of [7, 9, 12]) {
    const bomb = aliasBomb(lines);
    t = performance.now();
    const parsed = parsePipeline(bomb);
    const took = performance.now() - t;
    const cut = parsed.diagnostics.some((d) => d.code === 'alias-limit');
    console.log(`alias bomb: ${lines} lines, ${bomb.length} bytes: ${ms(took)} (goal < 1000 ms; alias-limit ${cut ? 'reported' : 'MISSING'})`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
