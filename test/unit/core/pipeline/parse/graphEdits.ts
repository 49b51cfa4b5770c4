// Random edits aimed at what the graph-level checks read besides one step's text (validate/graphInputs.ts):
// step ids and other top-level names (params, env, secrets, jobs), needs, output names, and the
// references to them. Uniform positions rarely land there, so these pick a place by what precedes it.
import fc from 'fast-check';

// `\n  ` starts a step id, a param, an env or secret name, a job name; `\n      ` a job's step id or an output.
// The first names under `params:`, `secrets:`, `env:`, `jobs:` too: one `\n  ` among hundreds is seldom picked.
const BEFORE = ['\n  ', '\n      ', 'needs: [', 'needs: [s', ', s', 'outputs:\n      ', 'params:\n  ', 'secrets:\n  ', 'env:\n  ', 'jobs:\n  ', 'steps.', 'params.', 'secrets.', 'jobs.', 'matrix.', 'outputs.'];

export interface NameEdit {
  before: string;
  nth: number;
  shift: number;
  cut: number;
  put: string;
}

export const nameEdit: fc.Arbitrary<NameEdit> = fc.record({
  before: fc.constantFrom(...BEFORE),
  nth: fc.nat({ max: 1000 }),
  shift: fc.integer({ min: 0, max: 3 }),
  cut: fc.integer({ min: 0, max: 1 }),
  put: fc.constantFrom('x', '1', '', ', s0', ', s3', 'a, '),
});

/** Where `e` edits `text`: just after an occurrence of `e.before` (the nth, counted round), else nowhere. */
export function nameEditAt(text: string, e: NameEdit): { offset: number; cut: number; put: string } | undefined {
  const found: number[] = [];
  for (let i = text.indexOf(e.before); i >= 0; i = text.indexOf(e.before, i + 1)) found.push(i);
  if (!found.length) return undefined;
  const offset = Math.min(text.length, found[e.nth % found.length]! + e.before.length + e.shift);
  return { offset, cut: Math.min(e.cut, text.length - offset), put: e.put };
}
