// Builds Pipeline / Step model objects directly, so runner tests do not depend on the parser.
import type { ParsedPipeline, Pipeline, Step } from '../../../../../src/core/pipeline/model.js';

const R = { start: 0, end: 0 };

/** A step with defaults for every field; `needs` as plain ids. */
export function step(id: string, partial: Omit<Partial<Step>, 'needs'> & { needs?: string[] } = {}): Step {
  const { needs, ...rest } = partial;
  return {
    id,
    idRange: R,
    range: R,
    type: 'shell',
    with: {},
    withKeyRanges: {},
    withValueRanges: {},
    needs: (needs ?? []).map((n) => ({ value: n, range: R })),
    env: {},
    continueOnError: false,
    outputs: {},
    artifacts: [],
    isFinally: false,
    expressions: [],
    ...rest,
  };
}

/** A shell step running `run`. */
export function sh(id: string, run: string, partial: Omit<Partial<Step>, 'needs'> & { needs?: string[] } = {}): Step {
  return step(id, { ...partial, with: { run, ...partial.with } });
}

/** A parsed pipeline (no diagnostics) around the given steps. */
export function pipeline(steps: Step[], partial: Partial<Pipeline> = {}): ParsedPipeline {
  const p: Pipeline = {
    name: 'test',
    params: [],
    env: {},
    secrets: [],
    defaults: {},
    includes: [],
    templates: [],
    steps,
    finally: [],
    expressions: [],
    ...partial,
  };
  for (const s of p.finally) s.isFinally = true;
  return { text: '', pipeline: p, document: undefined, diagnostics: [] };
}
