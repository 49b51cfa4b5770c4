// fast-check samples whose seed a failure names. fc.assert prints its own seed; fc.sample does not,
// so a failing random sample could never be replayed. ANSFLOW_FC_SEED=<n> replays a printed seed.
import fc from 'fast-check';

/** The seed for this run's samples: ANSFLOW_FC_SEED when set, else a fresh random one. */
export function sampleSeed(): number {
  const fixed = Number.parseInt(process.env.ANSFLOW_FC_SEED ?? '', 10);
  return Number.isSafeInteger(fixed) ? fixed : Math.floor(Math.random() * 2 ** 31);
}

/**
 * Draws `numRuns` values from `arb` and runs `body` on them; when `body` fails, the error names the
 * seed (the original error is its cause).
 */
export async function withSeededSample<T>(arb: fc.Arbitrary<T>, numRuns: number, body: (values: T[]) => void | Promise<void>): Promise<void> {
  const seed = sampleSeed();
  const values = fc.sample(arb, { numRuns, seed });
  try {
    await body(values);
  } catch (e) {
    throw new Error(`failed on a fast-check sample with seed ${seed} (replay: ANSFLOW_FC_SEED=${seed}): ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`, { cause: e });
  }
}
