// Parse + validate one pipeline text in one call. Never throws: broken input still yields a model
// (filled as far as the text allows) and diagnostics with ranges inside the text.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { isMap, parseAllDocuments, parseDocument, type Document } from 'yaml';
import type { Diagnostic } from '../contracts/diagnostics.js';
import type { ParsedPipeline, Pipeline, Template } from './model.js';
import { aliasDiagnostics, aliasTable } from './parse/aliasBudget.js';
import { fastCompose } from './parse/fastCompose.js';
import { checkInputLimits, checkStepCount, DEFAULT_INPUT_LIMITS, type InputLimits } from './parse/inputLimits.js';
import { readPipeline, readTemplates, stepEntries } from './parse/readPipeline.js';
import { jobEntries, jobStepEntries } from './parse/readJobs.js';
import { entriesOf } from './parse/yamlNodes.js';
import type { StepCache } from './parse/stepCache.js';
import { boundDiagnostics } from './validate/boundDiagnostics.js';
import { checkDuplicateKeys } from './validate/checkDuplicateKeys.js';
import { validateExpressions } from './validate/validateExpressions.js';
import { graphInputs } from './validate/graphInputs.js';
import { validateScriptInjection } from './validate/validateScriptInjection.js';
import { validateParams } from './validate/validateParams.js';
import { schemaCheck } from './validate/cachedSchema.js';
import { validateTemplateSteps } from './validate/validateTemplateSteps.js';
import { checkDuplicateIds, validateSteps } from './validate/validateSteps.js';
import { cachePathHints } from './validate/cachePathHints.js';
import { cacheDeprecations } from './validate/cacheDeprecation.js';
import { validateComposition } from './validate/validateComposition.js';
import { mergeKeyShadowing } from './validate/mergeKeyShadowing.js';
import { validateJobs } from './validate/validateJobs.js';
import { placeholderSteps } from './validate/placeholderSteps.js';

/** Options for {@link parsePipeline}. */
export interface ParsePipelineOptions {
  /** Absolute path of the file; `include:` paths resolve against its folder. */
  file?: string;
  /** Reads included files (absolute path → text, undefined when missing). Defaults to the file system. */
  readFile?: (absPath: string) => string | undefined;
  /** Size, nesting and step-count limits (defaults: DEFAULT_INPUT_LIMITS in parse/inputLimits.ts). */
  limits?: Partial<InputLimits>;
  /** Nodes aliases may add to the document (default: DEFAULT_MAX_ALIAS_EXPANSION in parse/aliasBudget.ts). */
  maxAliasExpansion?: number;
  /** Steps of earlier parses of the same document, reused where their text is unchanged (editors). */
  stepCache?: StepCache;
}

// logLevel 'error' keeps yaml from printing process warnings (e.g. collection keys) from toJS.
const YAML_OPTIONS = { merge: true, uniqueKeys: false, keepSourceTokens: false, prettyErrors: false, logLevel: 'error' } as const;

function defaultReadFile(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

function clampDiagnostics(diags: Diagnostic[], length: number): Diagnostic[] {
  const clamp = (r: { start: number; end: number }) => {
    const start = Math.max(0, Math.min(Number.isFinite(r.start) ? r.start : 0, length));
    const end = Math.max(start, Math.min(Number.isFinite(r.end) ? r.end : start, length));
    return { start, end };
  };
  for (const d of diags) {
    d.range = clamp(d.range);
    if (d.related) for (const r of d.related) if (!r.file) r.range = clamp(r.range);
  }
  return diags;
}

function emptyPipeline(file?: string): Pipeline {
  return { ...(file ? { file } : {}), params: [], env: {}, secrets: [], defaults: {}, includes: [], templates: [], steps: [], finally: [], expressions: [] };
}

/** A hint for the most common YAML slip in pipelines: `${{ }}` inside a flow `[ ]`/`{ }` unquoted. */
function flowHint(text: string, pos: number): string {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const lineEnd = text.indexOf('\n', pos);
  const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd);
  return /[[{][^'"]*\$\{\{/.test(line) ? " (quote values holding '${{ }}' inside [ ] or { }, e.g. \"${{ run.id }}\")" : '';
}

function yamlErrors(doc: Document.Parsed, code: 'yaml-syntax', text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  // One broken token makes yaml report a cascade on the same line; the first one is the useful one.
  const lines = new Set<number>();
  for (const e of doc.errors) {
    const line = text.lastIndexOf('\n', e.pos[0] - 1);
    if (lines.has(line)) continue;
    lines.add(line);
    out.push({ severity: 'error', code, message: e.message.split('\n')[0]! + flowHint(text, e.pos[0]), range: { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1) }, data: { yamlCode: e.code } });
  }
  for (const w of doc.warnings) out.push({ severity: 'warning', code, message: w.message.split('\n')[0]!, range: { start: w.pos[0], end: Math.max(w.pos[1], w.pos[0] + 1) }, data: { yamlCode: w.code } });
  return out;
}

const MAX_INCLUDES = 50;

/** Reads the templates of every `include:` file; reports include-not-found on missing ones. */
function loadIncludes(pipeline: Pipeline, options: ParsePipelineOptions, diagnostics: Diagnostic[], limits: InputLimits): { templates: Template[]; files: string[] } {
  const templates: Template[] = [];
  const files: string[] = [];
  const read = options.readFile ?? defaultReadFile;
  const base = options.file ? dirname(options.file) : process.cwd();
  const seen = new Set<string>();
  for (const inc of pipeline.includes) {
    const abs = isAbsolute(inc.path) ? inc.path : resolve(base, inc.path);
    // Each file is read once, and only so many: a list repeating a 10 MB file must not cost minutes.
    if (seen.has(abs)) continue;
    if (seen.size >= MAX_INCLUDES) {
      diagnostics.push({ severity: 'error', code: 'too-large', message: `more than ${MAX_INCLUDES} included files; the rest are not read`, range: inc.range });
      break;
    }
    seen.add(abs);
    let text: string | undefined;
    try {
      text = read(abs);
    } catch {
      text = undefined;
    }
    if (text === undefined) {
      diagnostics.push({ severity: 'error', code: 'include-not-found', message: `included file not found: ${inc.path}`, range: inc.range, data: { path: abs } });
      continue;
    }
    const refused = checkInputLimits(text, limits);
    if (refused) {
      diagnostics.push({ ...refused, message: `included file ${inc.path}: ${refused.message}`, range: inc.range, data: { path: abs } });
      continue;
    }
    files.push(abs);
    const doc = parseDocument(text, YAML_OPTIONS);
    if (doc.errors.length) {
      diagnostics.push({ severity: 'error', code: 'include-not-found', message: `included file ${inc.path} is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`, range: inc.range, data: { path: abs } });
    }
    templates.push(...readTemplates(doc, abs));
  }
  return { templates, files };
}

/** Parses and validates a pipeline text; see {@link ParsedPipeline}. */
export function parsePipeline(text: string, options: ParsePipelineOptions = {}): ParsedPipeline {
  const source = typeof text === 'string' ? text : String(text ?? '');
  try {
    return parseUnsafe(source, options);
  } catch (e) {
    // A bug, not the user's input: keep the editor usable and say where it happened.
    return {
      text: source,
      pipeline: emptyPipeline(options.file),
      document: undefined,
      diagnostics: [{ severity: 'error', code: 'yaml-syntax', message: `internal error while reading the pipeline: ${(e as Error).message}`, range: { start: 0, end: 0 } }],
    };
  }
}

function parseUnsafe(text: string, options: ParsePipelineOptions): ParsedPipeline {
  const diagnostics: Diagnostic[] = [];
  // Hostile sizes and nesting are refused before yaml spends memory or stack on them.
  const limits = { ...DEFAULT_INPUT_LIMITS, ...options.limits };
  const refused = checkInputLimits(text, limits, options.stepCache?.limitScan);
  if (refused) return { text, pipeline: emptyPipeline(options.file), document: undefined, diagnostics: clampDiagnostics([refused], text.length) };
  // The fast composer handles the usual block-style pipeline; anything else goes through yaml.
  let doc = (options.stepCache ? options.stepCache.compose(text) : fastCompose(text)) ?? (parseDocument(text, YAML_OPTIONS) as Document.Parsed);
  // parseDocument reports a second document as an error; name it precisely instead.
  const multi = doc.errors.find((e) => e.code === 'MULTIPLE_DOCS');
  if (multi) {
    const all = parseAllDocuments(text, YAML_OPTIONS);
    const docs = Array.isArray(all) ? all : [];
    if (docs[0]) doc = docs[0] as Document.Parsed;
    const second = docs[1];
    const start = second?.range?.[0] ?? multi.pos[0];
    const lineEnd = text.indexOf('\n', start);
    diagnostics.push({ severity: 'error', code: 'multi-document', message: 'a pipeline file holds one YAML document; move the second one to its own file', range: { start, end: Math.max(start + 1, lineEnd === -1 ? text.length : lineEnd) } });
  }
  diagnostics.push(...yamlErrors(doc, 'yaml-syntax', text).filter((d) => d.data?.yamlCode !== 'MULTIPLE_DOCS'));

  // Decide which aliases every later walk may follow, before any walk runs.
  aliasTable(doc, options.maxAliasExpansion);
  diagnostics.push(...aliasDiagnostics(doc));

  const root = doc.contents;
  if (root === null || root === undefined || (!isMap(root) && text.trim() === '')) {
    diagnostics.push({ severity: 'error', code: 'schema', message: "empty pipeline: expected 'version: 1' and 'steps:'", range: { start: 0, end: Math.min(text.length, 1) } });
    return { text, pipeline: emptyPipeline(options.file), document: doc, diagnostics: boundDiagnostics(clampDiagnostics(diagnostics, text.length)) };
  }

  // Read once: the step count limit and the duplicate checks below walk the same entries.
  const jobs = jobEntries(doc);
  const mainSteps = stepEntries(doc, 'steps');
  const jobSteps = jobs.flatMap((j) => jobStepEntries(doc, j));
  const stepIdEntries = [...mainSteps, ...jobSteps, ...stepEntries(doc, 'finally')];
  const tooMany = checkStepCount(stepIdEntries.map((e) => e.keyRange), limits);
  if (tooMany) {
    diagnostics.push(tooMany);
    return { text, pipeline: emptyPipeline(options.file), document: doc, diagnostics: boundDiagnostics(clampDiagnostics(diagnostics, text.length)) };
  }

  const localTemplates = readTemplates(doc);
  options.stepCache?.begin();
  const preliminary = readPipeline(doc, text, localTemplates, options.file, options.stepCache);
  const included = loadIncludes(preliminary, options, diagnostics, limits);
  const templates = [...localTemplates, ...included.templates.filter((t) => !localTemplates.some((l) => l.name === t.name))];
  const pipeline = included.templates.length ? readPipeline(doc, text, templates, options.file, options.stepCache) : preliminary;
  if (included.files.length) pipeline.includedFiles = included.files;

  // Schema problems make semantic checks noisy only where YAML itself is broken, so always run both.
  if (!doc.errors.length || isMap(root)) diagnostics.push(...schemaCheck(doc, root, text.length, stepIdEntries.length, options.stepCache));

  const idMaps = new Set<unknown>();
  const rootEntries = entriesOf(doc, root);
  for (const k of ['steps', 'finally', 'templates', 'jobs']) {
    const e = rootEntries.find((x) => x.key === k);
    if (e?.value) idMaps.add(e.value);
  }
  for (const j of jobs) {
    const s = entriesOf(doc, j.value).find((x) => x.key === 'steps');
    if (s?.value) idMaps.add(s.value);
  }
  diagnostics.push(...checkDuplicateKeys(doc, idMaps, options.stepCache));
  const jobsStart = mainSteps.length;
  const finallyStart = jobsStart + jobSteps.length;
  diagnostics.push(...checkDuplicateIds(stepIdEntries, (e) => { const i = stepIdEntries.indexOf(e); return i >= finallyStart ? 'finally' : i >= jobsStart ? 'jobs' : 'steps'; }));
  diagnostics.push(...checkDuplicateIds(jobs, () => 'jobs').map((d) => ({ ...d, message: d.message.replace('duplicate step id', 'duplicate job name') })));
  const templateSection = rootEntries.find((x) => x.key === 'templates');
  diagnostics.push(...checkDuplicateIds(entriesOf(doc, templateSection?.value), () => 'templates').map((d) => ({ ...d, message: d.message.replace('duplicate step id', 'duplicate template name') })));

  diagnostics.push(...validateParams(pipeline));
  diagnostics.push(...validateTemplateSteps(pipeline));
  diagnostics.push(...validateComposition(pipeline));
  diagnostics.push(...validateJobs(pipeline));
  if (text.includes('<<')) diagnostics.push(...mergeKeyShadowing(doc, text));
  // An editor's cache reuses graph-level findings while nothing they read besides a step's text changes.
  const graph = options.stepCache ? { cache: options.stepCache, version: options.stepCache.graphVersion(graphInputs(pipeline)) } : undefined;
  diagnostics.push(...validateSteps(pipeline, new Set(localTemplates.map((t) => t.name)), graph));
  diagnostics.push(...validateExpressions(pipeline, text.length, graph));
  diagnostics.push(...validateScriptInjection(pipeline, text, options.stepCache));
  diagnostics.push(...cachePathHints(pipeline));
  diagnostics.push(...cacheDeprecations(pipeline));
  diagnostics.push(...placeholderSteps(pipeline));

  diagnostics.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  return { text, pipeline, document: doc, diagnostics: boundDiagnostics(clampDiagnostics(diagnostics, text.length)) };
}
