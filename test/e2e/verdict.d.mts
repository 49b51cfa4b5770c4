/** The host suite's JSON summary, as test/e2e/suite/index.ts writes it. */
export interface HostSummary {
  failures: number;
  results: Array<{ title: string; state: 'passed' | 'failed' | 'pending' }>;
}
export interface Verdict {
  ok: boolean;
  problems: string[];
}
export function hostVerdict(exitCode: unknown, summary: HostSummary | undefined, options: { ci: boolean }): Verdict;
export function uiVerdict(checks: Array<{ title: string; passed: boolean }>): Verdict;
