// Steps read in the previous parse of the same document, reused when their source text is unchanged.
// An editor re-parses a whole 5,000-line pipeline after every keystroke or graph edit, and reading the
// thousand steps is the largest part of that parse although one step changed. A step's model depends
// only on its own text when the document has no aliases (fastCompose's documents) and the step has no
// `uses:` (a template's body comes from elsewhere), so the step read at one offset equals the step read
// from the same text at another offset with every range moved by the difference.
import type { Diagnostic, TextRange } from '../../contracts/diagnostics.js';
import type { Step } from '../model.js';
import type { AliasFreeDocument } from './aliasFreeDocument.js';
import { fastCompose } from './fastCompose.js';
import { LimitScan } from './inputLimits.js';
import { recompose, textEdit, type Composed, type TextEdit } from './recompose.js';

interface Entry {
  /** Handed out only with `shareSteps`; otherwise callers get copies, so a consumer changing its steps cannot change the cache. */
  step: Step;
  /** Where the source text started when the step was read. */
  at: number;
  /** The parse that last used it (see StepCache.begin). */
  used: number;
}

/** Parses between two sweeps of the cache's tables (see StepCache.begin). */
const SWEEP_EVERY = 8;

/** Drops the entries last used before parse `from`. */
function sweep<K>(table: Map<K, { used: number }>, from: number): void {
  for (const [k, v] of table) if (v.used < from) table.delete(k);
}

const moved = (r: TextRange, d: number): TextRange => ({ start: r.start + d, end: r.end + d });

function movedRecord(o: Record<string, TextRange>, d: number): Record<string, TextRange> {
  const out: Record<string, TextRange> = {};
  // Assigned one by one, as readStep builds them, so an odd key such as `__proto__` lands the same way.
  for (const k of Object.keys(o)) out[k] = moved(o[k]!, d);
  return out;
}

/**
 * A copy of `step` with every text range moved by `d`. Plain values (`with`, `env`, `outputs`, …) are
 * shared with the cached step: parsed steps are read, never changed, by the editors that use a cache.
 */
export function moveStep(step: Step, d: number): Step {
  const out: Step = {
    ...step,
    idRange: moved(step.idRange, d),
    range: moved(step.range, d),
    withKeyRanges: movedRecord(step.withKeyRanges, d),
    withValueRanges: movedRecord(step.withValueRanges, d),
    needs: step.needs.map((n) => ({ value: n.value, range: moved(n.range, d) })),
    expressions: step.expressions.map((x) => ({ ...x, range: moved(x.range, d), sourceOffset: x.sourceOffset + d })),
  };
  if (step.typeRange) out.typeRange = moved(step.typeRange, d);
  if (step.uses) out.uses = { value: step.uses.value, range: moved(step.uses.range, d) };
  if (step.if) out.if = { value: step.if.value, range: moved(step.if.range, d) };
  if (step.matrix) out.matrix = { ...step.matrix, range: moved(step.matrix.range, d) };
  if (step.continueOnErrorExpr) out.continueOnErrorExpr = { value: step.continueOnErrorExpr.value, range: moved(step.continueOnErrorExpr.range, d) };
  if (step.keyRanges) out.keyRanges = movedRecord(step.keyRanges, d);
  if (step.withRange) out.withRange = moved(step.withRange, d);
  return out;
}

function shiftRange(r: TextRange, d: number): void {
  r.start += d;
  r.end += d;
}

function shiftRecord(o: Record<string, TextRange>, d: number): void {
  for (const k of Object.keys(o)) shiftRange(o[k]!, d);
}

/**
 * Moves every text range of `step` by `d` in place: the same fields as {@link moveStep}. Only for steps whose
 * range objects are all their own (a {@link moveStep} copy), or a range shared twice would move twice.
 */
function moveStepInPlace(step: Step, d: number): void {
  shiftRange(step.idRange, d);
  shiftRange(step.range, d);
  shiftRecord(step.withKeyRanges, d);
  shiftRecord(step.withValueRanges, d);
  for (const n of step.needs) shiftRange(n.range, d);
  for (const x of step.expressions) {
    shiftRange(x.range, d);
    x.sourceOffset += d;
  }
  if (step.typeRange) shiftRange(step.typeRange, d);
  if (step.uses) shiftRange(step.uses.range, d);
  if (step.if) shiftRange(step.if.range, d);
  if (step.matrix) shiftRange(step.matrix.range, d);
  if (step.continueOnErrorExpr) shiftRange(step.continueOnErrorExpr.range, d);
  if (step.keyRanges) shiftRecord(step.keyRanges, d);
  if (step.withRange) shiftRange(step.withRange, d);
}

/** A copy of `d` with its ranges (and related ranges in the same file) moved by `d`. */
function movedDiagnostic(diag: Diagnostic, d: number): Diagnostic {
  const out: Diagnostic = { ...diag, range: moved(diag.range, d) };
  if (diag.related) out.related = diag.related.map((r) => (r.file ? { ...r } : { ...r, range: moved(r.range, d) }));
  return out;
}

const NONE: readonly Diagnostic[] = Object.freeze([]);

/** One check's findings in one step text, with where that text started when they were found. */
interface Findings {
  at: number;
  diagnostics: Diagnostic[];
  used: number;
}

/**
 * Steps by source text across consecutive parses of one document (pass the same cache to each
 * `parsePipeline` call, which calls `begin`). Serves what the last two parses used; older entries are swept (see `begin`), so memory follows the document.
 */
export class StepCache {
  // Every table keeps what the last two parses used, one table each, each entry stamped with the parse
  // that last used it (`used`): an entry of this parse or the one before is served, older ones are
  // ignored and swept every few parses. New tables per parse (this parse's and the last one's) were
  // ~0.5 MB a keystroke on a 2,000-step file, alive one parse: promoted, then garbage at the next
  // mark-compact, filling fresh old-space pages between the two.
  private serial = 0;
  private readonly entries = new Map<string, Entry>();
  // Step texts the schema found nothing wrong with, by the parse that last found or used that. A step's
  // plain value, and so its schema errors, depend on its text alone in the documents this cache serves;
  // uses: steps included (the schema sees what is written, not the template).
  private readonly clean = new Map<string, { used: number }>();
  // Findings of per-step checks, by check (with the inputs it reads besides the step) and step text.
  private readonly findings = new Map<string, Map<string, Findings>>();
  // The text key of each step handed out in this parse (take/put; `used` is this parse); uses: steps have
  // none. A Map rather than a WeakMap: thousands of weak entries per keystroke cost the GC more.
  private readonly origins = new Map<Step, { key: string; at: number; used: number }>();
  /** The input-limit scan of the last text, re-scanned only around an edit (parse/inputLimits.ts). */
  readonly limitScan = new LimitScan();
  /** The steps of the current parse that have a text key (by their `id: …` pair); see validate/cachedSchema.ts. */
  readonly sources = new Map<object, StepSource>();
  /** Steps reused and read in the last parse, steps the schema checked, per-step checks and expression checks run, steps copied afresh for a job (for tests and benches). */
  stats = { reused: 0, read: 0, schemaChecked: 0, stepChecks: 0, expressionChecks: 0, copied: 0 };
  /** How the last parse's document was built: from the previous one (recompose.ts), whole, or not by this cache. */
  composedBy: 'entry' | 'whole' | 'none' = 'none';
  /** Step entries of the last parse whose text key came from the parse before (see sourceKey). */
  keptKeys = 0;
  private composed?: Composed;
  private edit?: TextEdit & { from: string };
  // Text keys of step entries by their pair, this parse's or the last one's (see sourceKey).
  private readonly pairKeys = new Map<object, { key: string; at: number; text: string; used: number }>();
  // The graph-level checks' inputs of the last parse (validate/graphInputs.ts) and a number naming them.
  private graphInputs?: string;
  private graphSerial = 0;
  private readonly memos = new Map<string, { version: number; value: unknown }>();
  // Copies of shared steps that a jobs: file set its job's keys on (see detached), this parse's or the last one's.
  private readonly copies = new Map<Step, { context: string; copy: Step; used: number }>();

  /**
   * With `reuseDocument`, each parse builds its YAML document from the previous parse's where an edit
   * allows (recompose.ts), which moves that document's nodes: only the newest parse's document is then
   * valid. For owners that drop the previous analysis as soon as the next one exists (the language
   * service); others keep the default and get a fresh document per parse. With `shareSteps`, the steps
   * handed out are the cache's own, the same objects parse after parse, moved in place when an edit
   * before them moves their text: for owners that never change a parsed step and read the newest parse
   * only; others get copies.
   */
  constructor(private readonly options: { reuseDocument?: boolean; shareSteps?: boolean } = {}) {}

  /** The fast-path document of `text` (undefined: outside fastCompose's subset), see the constructor. */
  compose(text: string): AliasFreeDocument | undefined {
    const prev = this.options.reuseDocument ? this.composed : undefined;
    const edit = prev ? textEdit(prev.text, text) : undefined;
    const patched = prev && edit ? recompose(prev, text, edit) : undefined;
    const doc = patched ?? fastCompose(text);
    this.composedBy = patched ? 'entry' : doc ? 'whole' : 'none';
    this.composed = this.options.reuseDocument && doc ? { text, doc } : undefined;
    // Pairs of a patched document that were moved or kept, not composed, still hold their text.
    this.edit = patched && prev && edit ? { ...edit, from: prev.text } : undefined;
    return doc;
  }

  /**
   * The text key of the step entry `pair` whose text is `[at, end)` of `text`: when the pair was kept from the
   * previous parse's document (recompose.ts) and its text lay wholly before or after the edit, the key of
   * that parse (no slicing and hashing of every step's text per keystroke); otherwise read from `text`.
   */
  sourceKey(pair: object, text: string, at: number, end: number, prefix: string): string {
    const entry = this.pairKeys.get(pair);
    // Read again in the same parse (a pipeline with included templates is read twice): the same key.
    if (entry?.used === this.serial && entry.text === text && entry.at === at) return entry.key;
    const before = entry?.used === this.serial - 1 ? entry : undefined;
    const e = this.edit;
    const kept =
      before !== undefined &&
      e !== undefined &&
      before.text === e.from &&
      before.key.length === end - at + prefix.length &&
      before.key.startsWith(prefix) &&
      (before.at + end - at <= e.start ? before.at === at : before.at >= e.oldEnd && before.at + e.delta === at);
    if (kept) this.keptKeys++;
    const key = kept ? before.key : `${prefix}${text.slice(at, end)}`;
    if (entry) {
      entry.key = key;
      entry.at = at;
      entry.text = text;
      entry.used = this.serial;
    } else this.pairKeys.set(pair, { key, at, text, used: this.serial });
    return key;
  }

  /** The step whose source text (starting at offset `at`) is `key`, when one was read before. */
  take(key: string, at: number): Step | undefined {
    const hit = this.entries.get(key);
    if (!hit || hit.used < this.serial - 1) return undefined;
    this.stats.reused++;
    let step: Step;
    if (this.options.shareSteps) {
      // The step handed out is the entry's, moved in place: nothing is allocated per kept step.
      if (hit.at !== at) {
        moveStepInPlace(hit.step, at - hit.at);
        hit.at = at;
      }
      step = hit.step;
    } else step = moveStep(hit.step, at - hit.at);
    hit.used = this.serial;
    this.noteOrigin(step, key, at);
    return step;
  }

  /**
   * `step` (handed out by this parse) as a step the parse may set fields on: a `jobs:` file gives each
   * step its job's env, matrix, folder and executor and sets implicit needs after reading. A shared step
   * is the cache's own, so it is copied (its nested values stay shared: they are not changed) and the
   * copy keeps the step's text key for the per-step checks; a step that is already a copy is returned.
   * `context` names everything the caller sets on the copy besides implicit needs (the job's keys): the
   * previous parse's copy of the same step for the same context is handed out again (`reused`), since its
   * ranges are the step's own, moved in place with it; the caller then only sets what it must share by
   * identity (the job's matrix) and its implicit needs, which it always sets or deletes.
   */
  detached(step: Step, context = ''): { step: Step; reused: boolean } {
    if (!this.options.shareSteps) return { step, reused: false };
    const origin = this.originOf(step);
    const entry = this.copies.get(step);
    const copiedNow = entry?.used === this.serial;
    // A step handed out twice in one parse (a repeated text) gets a copy per place.
    const before = entry?.used === this.serial - 1 ? entry : undefined;
    const reused = before !== undefined && before.context === context;
    // Object.assign, not a spread: a spread's copy gets a map of its own once the job's keys are added to it,
    // and 2,000 maps make every later read of a step's field a slow lookup (graph inputs, linking: ~4x).
    const copy = reused ? before.copy : Object.assign({}, step);
    if (!reused) this.stats.copied++;
    if (entry && !copiedNow) {
      entry.context = context;
      entry.copy = copy;
      entry.used = this.serial;
    } else if (!entry) this.copies.set(step, { context, copy, used: this.serial });
    if (origin) this.noteOrigin(copy, origin.key, origin.at);
    return { step: copy, reused };
  }

  /** Remembers a step just read from `key` at `at`; returns the step to hand out. */
  put(key: string, at: number, step: Step): Step {
    // Shared steps move in place later: the cache's copy has a range object of its own for every range.
    const own = moveStep(step, 0);
    const out = this.options.shareSteps ? own : step;
    this.entries.set(key, { step: own, at, used: this.serial });
    this.stats.read++;
    this.noteOrigin(out, key, at);
    return out;
  }

  /** Where `step`, handed out in this parse, was read from (its text key and offset). */
  private originOf(step: Step): { key: string; at: number } | undefined {
    const o = this.origins.get(step);
    return o?.used === this.serial ? o : undefined;
  }

  private noteOrigin(step: Step, key: string, at: number): void {
    const o = this.origins.get(step);
    if (o) {
      o.key = key;
      o.at = at;
      o.used = this.serial;
    } else this.origins.set(step, { key, at, used: this.serial });
  }

  /**
   * What `check` finds in `step`, computed once per step text: `check` names the check and every input
   * it reads besides the step's own text (a check that reads other steps must not come here, or must
   * name what it reads of them). Ranges are moved with the step; a step without a text key is checked.
   */
  stepFindings(step: Step, check: string, compute: () => Diagnostic[], counter: 'stepChecks' | 'expressionChecks' = 'stepChecks'): readonly Diagnostic[] {
    const origin = this.originOf(step);
    return origin ? this.findingsFor(origin.key, origin.at, check, compute, counter) : compute();
  }

  /** Like {@link stepFindings}, for a step entry noted with {@link noteSource}. */
  sourceFindings(source: StepSource, check: string, compute: () => Diagnostic[]): readonly Diagnostic[] {
    return this.findingsFor(source.key, source.at, check, compute, 'stepChecks');
  }

  private findingsFor(key: string, at: number, check: string, compute: () => Diagnostic[], counter: 'stepChecks' | 'expressionChecks'): readonly Diagnostic[] {
    let now = this.findings.get(check);
    if (!now) this.findings.set(check, (now = new Map()));
    const found0 = now.get(key);
    const hit = found0 && found0.used >= this.serial - 1 ? found0 : undefined;
    if (hit) {
      hit.used = this.serial;
      // Most step texts have no findings: no array per step and check then.
      if (!hit.diagnostics.length) return NONE;
      return hit.diagnostics.map((d) => movedDiagnostic(d, at - hit.at));
    }
    this.stats[counter]++;
    const found = compute();
    // Kept as copies: the parse moves and clamps the diagnostics it hands out.
    now.set(key, { at, diagnostics: found.map((d) => movedDiagnostic(d, 0)), used: this.serial });
    return found;
  }

  /**
   * A number that stays the same while `inputs` (what the graph-level checks read besides a step's text,
   * validate/graphInputs.ts) does: findings keyed on it are dropped when any of those inputs changes.
   */
  graphVersion(inputs: string): number {
    if (inputs !== this.graphInputs) {
      this.graphInputs = inputs;
      this.graphSerial++;
    }
    return this.graphSerial;
  }

  /** `compute()`'s value for `name`, computed again only when `version` (see {@link graphVersion}) changes. */
  memo<T>(name: string, version: number, compute: () => T): T {
    const hit = this.memos.get(name);
    if (hit && hit.version === version) return hit.value as T;
    const value = compute();
    this.memos.set(name, { version, value });
    return value;
  }

  /** Notes the text key of a step entry read in this parse (`pair` is its `id: …` pair). */
  noteSource(pair: object, source: StepSource): void {
    this.sources.set(pair, source);
  }

  /** True when the schema found no error in this step text in this parse or the one before. */
  isClean(key: string): boolean {
    const c = this.clean.get(key);
    if (!c || c.used < this.serial - 1) return false;
    c.used = this.serial;
    return true;
  }

  markClean(key: string): void {
    const c = this.clean.get(key);
    if (c) c.used = this.serial;
    else this.clean.set(key, { used: this.serial });
  }

  /** How many entries the cache's tables hold (tests: memory follows the last parses, not every parse). */
  retained(): number {
    let n = this.entries.size + this.clean.size + this.origins.size + this.pairKeys.size + this.copies.size;
    for (const table of this.findings.values()) n += table.size;
    return n;
  }

  /** Starts one parse: steps the previous parse did not use are no longer served, and go at the next sweep. */
  begin(): void {
    this.serial++;
    // What the previous parse used stays; anything older is never served again, and goes at a sweep:
    // every few parses, or sooner when the steps held outgrow those handed out (edits that rewrite many
    // steps at once, such as a replace-all), so memory follows the document.
    const handedOut = this.stats.reused + this.stats.read;
    if (this.serial % SWEEP_EVERY === 0 || this.entries.size > 3 * Math.max(handedOut, 16)) {
      const from = this.serial - 1;
      sweep(this.entries, from);
      sweep(this.clean, from);
      for (const table of this.findings.values()) sweep(table, from);
      sweep(this.origins, from);
      sweep(this.pairKeys, from);
      sweep(this.copies, from);
    }
    this.sources.clear();
    this.keptKeys = 0;
    this.stats = { reused: 0, read: 0, schemaChecked: 0, stepChecks: 0, expressionChecks: 0, copied: 0 };
  }
}

/** A step entry's text key and where the schema's errors name it. */
export interface StepSource {
  key: string;
  /** Where the step's text starts in this parse's text. */
  at: number;
  /** The JSON pointer of the map the step is an entry of, as the schema's errors give it: `/steps`, `/finally`, `/jobs/<name>/steps`. */
  container: string;
  id: string;
}

/** `name` as one JSON pointer segment (RFC 6901), as the schema validator writes instance paths. */
export function pointerSegment(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}
