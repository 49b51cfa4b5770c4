// `type: placeholder` — what `ansflow import` leaves where a CI construct has no local meaning (a
// marketplace action, a remote include). It runs nothing: a pipeline with a stand-in must not look
// green until a person has replaced it, so running it always fails with what to do.
import type { StepType } from '../../../contracts/StepType.js';
import { WithParams } from '../WithParams.js';

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.trim();
}

/** The one-line failure a placeholder step ends with. */
export function placeholderMessage(original: string, reason: string): string {
  return `placeholder for ${firstLine(original)}: replace this step (${reason})`;
}

export const placeholderStepType: StepType = {
  type: 'placeholder',
  // The quoted source may hold the source CI's own `${{ }}`: it is text to show, never evaluated.
  withValues: { original: 'raw', reason: 'raw' },
  validate(withParams) {
    const w = WithParams.check(withParams).require('original', 'reason');
    w.string('original');
    w.string('reason');
    return w.problems;
  },
  describe: (withParams) => `placeholder for ${firstLine(WithParams.check(withParams).string('original') ?? '')}`,
  async dryRun(ctx) {
    const w = WithParams.of(ctx);
    ctx.log('system', `[dry run] ${placeholderMessage(w.string('original') ?? '', w.string('reason') ?? '')}\n`);
    return { exitCode: 0 };
  },
  async run(ctx) {
    const w = WithParams.of(ctx);
    return { exitCode: 1, message: placeholderMessage(w.string('original') ?? '', w.string('reason') ?? 'not translated') };
  },
};
