// Plain-text tables of the CLI (history, audit, cache): each column padded to its widest cell, two
// spaces apart, no trailing blanks; and the rows of a run's steps grouped by job behind a JOB cell.
import { groupStepsByJob, type GroupableStep } from '../../core/views/runs/jobGroups.js';

/** The table as text, one line per row after the head, ending in a newline. */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [fmt(head), ...rows.map(fmt)].join('\n') + '\n';
}

/** `row` of each step, each job instance's steps together behind its id ('' for a step outside jobs). */
export function jobRows<S extends GroupableStep>(steps: S[], row: (s: S) => string[]): string[][] {
  return groupStepsByJob(steps).flatMap((g) => (g.kind === 'step' ? [['', ...row(g.step)]] : g.steps.map((s) => [g.id, ...row(s)])));
}
