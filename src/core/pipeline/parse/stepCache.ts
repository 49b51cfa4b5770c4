// Steps read in the previous parse of the same document, reused when their source text is unchanged.
// An editor re-parses a whole 5,000-line pipeline after every keystroke or graph edit, and reading the
// thousand steps is the largest part of that parse although one step changed. A step's model depends
// only on its own text when the document has no aliases (fastCompose's documents) and the step has no
// `uses:` (a template's body comes from elsewhere), so the step read at one offset equals the step read
// from the same text at another offset with every range moved by the difference.
import type { TextRange } from '../../contracts/diagnostics.js';
import type { Step } from '../model.js';

interface Entry {
  /** Never handed out: callers get copies, so a consumer changing its steps cannot change the cache. */
  step: Step;
  /** Where the source text started when the step was read. */
  at: number;
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

/**
 * Steps by source text across consecutive parses of one document (pass the same cache to each
 * `parsePipeline` call, which calls `begin`). Keeps the steps of the last two parses only, so memory follows the document.
 */
export class StepCache {
  private previous = new Map<string, Entry>();
  private current = new Map<string, Entry>();
  // Step texts the schema found nothing wrong with. A step's plain value, and so its schema errors,
  // depend on its text alone in the documents this cache serves; uses: steps included (the schema
  // sees what is written, not the template).
  private cleanBefore = new Set<string>();
  private clean = new Set<string>();
  /** The steps of the current parse that have a text key (by their `id: …` pair); see validate/cachedSchema.ts. */
  readonly sources = new Map<object, StepSource>();
  /** Steps reused and read in the last parse, and steps the schema checked (for tests and benches). */
  stats = { reused: 0, read: 0, schemaChecked: 0 };

  /** The step whose source text (starting at offset `at`) is `key`, when one was read before. */
  take(key: string, at: number): Step | undefined {
    const hit = this.current.get(key) ?? this.previous.get(key);
    if (!hit) return undefined;
    this.current.set(key, hit);
    this.stats.reused++;
    return moveStep(hit.step, at - hit.at);
  }

  /** Remembers a step just read from `key` at `at`; returns the step to hand out. */
  put(key: string, at: number, step: Step): Step {
    this.current.set(key, { step: moveStep(step, 0), at });
    this.stats.read++;
    return step;
  }

  /** Notes the text key of a step entry read in this parse (`pair` is its `id: …` pair). */
  noteSource(pair: object, source: StepSource): void {
    this.sources.set(pair, source);
  }

  /** True when the schema found no error in this step text in this parse or the one before. */
  isClean(key: string): boolean {
    if (this.clean.has(key)) return true;
    if (!this.cleanBefore.has(key)) return false;
    this.clean.add(key);
    return true;
  }

  markClean(key: string): void {
    this.clean.add(key);
  }

  /** Starts one parse: steps the previous parse did not use are dropped. */
  begin(): void {
    this.previous = this.current;
    this.current = new Map();
    this.cleanBefore = this.clean;
    this.clean = new Set();
    this.sources.clear();
    this.stats = { reused: 0, read: 0, schemaChecked: 0 };
  }
}

/** A step entry's text key and where the schema's errors name it. */
export interface StepSource {
  key: string;
  section: 'steps' | 'finally';
  id: string;
}
