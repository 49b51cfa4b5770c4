// The one mapping from the runner's states to the values expressions and summaries use. People
// still see the rich state (timed-out, up-to-date) where it helps; `if:` conditions, `steps.<id>.*`,
// `pipeline.status` and run summaries use GitHub Actions' vocabulary so habits carry over.
import type { RunStatus, StepStatus } from './events.js';

/** A finished step's or run's result as expressions see it (GitHub's values). */
export type Conclusion = 'success' | 'failure' | 'cancelled' | 'skipped';

/** Every value `steps.<id>.status|outcome|conclusion` and `pipeline.status` can take. */
export const EXPRESSION_STATUS_VALUES: readonly string[] = ['success', 'failure', 'cancelled', 'skipped', 'running'];

/**
 * Runner state → GitHub value. `interrupted` is a step or run whose runner died (kill -9); the
 * GitHub-vocabulary names map to themselves so a value is never mapped twice.
 */
export const STATUS_MAPPING: Readonly<Record<string, Conclusion | 'running'>> = {
  success: 'success',
  'up-to-date': 'success',
  failed: 'failure',
  'timed-out': 'failure',
  cancelled: 'cancelled',
  interrupted: 'cancelled',
  skipped: 'skipped',
  queued: 'running',
  running: 'running',
  failure: 'failure',
};

/** The GitHub value of a runner state (an unknown state counts as a failure, never as a success). */
export function conclusionOf(status: StepStatus | RunStatus | string): Conclusion | 'running' {
  return STATUS_MAPPING[status] ?? 'failure';
}

/**
 * A step's `outcome` (before `continueOnError`) and `conclusion` (after): a failing step with
 * `continueOnError` has outcome `failure` and conclusion `success`, as in GitHub Actions.
 */
export function stepResult(status: StepStatus | string, continueOnError = false): { outcome: Conclusion | 'running'; conclusion: Conclusion | 'running' } {
  const outcome = conclusionOf(status);
  return { outcome, conclusion: outcome === 'failure' && continueOnError ? 'success' : outcome };
}

/** Names earlier writers or other tools used for a runner state; readers normalise with it. */
const STATE_ALIASES: Readonly<Record<string, StepStatus>> = {
  failure: 'failed',
  failed: 'failed',
  error: 'failed',
  succeeded: 'success',
  successful: 'success',
  timeout: 'timed-out',
  timedout: 'timed-out',
  'timed_out': 'timed-out',
  uptodate: 'up-to-date',
  'up_to_date': 'up-to-date',
  canceled: 'cancelled',
};

/** A stored step state in today's vocabulary: known states pass through, aliases are mapped. */
export function normaliseStepStatus(raw: string): StepStatus {
  return STATE_ALIASES[raw.toLowerCase()] ?? (raw as StepStatus);
}

/** A stored run state in today's vocabulary. */
export function normaliseRunStatus(raw: string): RunStatus {
  const s = normaliseStepStatus(raw);
  return (s === 'up-to-date' ? 'success' : s) as RunStatus;
}

/**
 * A state for people: the GitHub value, plus the runner's state when it says more
 * (`failure (timed-out)`, `success (up-to-date)`, `success (failed)` under continueOnError).
 */
export function describeStatus(status: string, conclusion: string = conclusionOf(status)): string {
  if (status === 'running' || status === 'queued') return status;
  if (status === conclusion || (status === 'failed' && conclusion === 'failure')) return conclusion;
  return `${conclusion} (${status})`;
}
