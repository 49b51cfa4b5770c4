// Whether an e2e run passed. Nothing run is not a pass, and under CI a skipped host test is a failure:
// a CI run must show that every check ran.

/**
 * Verdict on the host suite from the runner's exit code and its JSON summary ({failures, results}).
 * @returns {{ ok: boolean, problems: string[] }}
 */
export function hostVerdict(exitCode, summary, { ci }) {
  const problems = [];
  const results = summary?.results ?? [];
  if (exitCode !== 0) problems.push(`the host suite exited with ${exitCode}`);
  if (summary && summary.failures > 0) problems.push(`${summary.failures} host test(s) failed`);
  if (results.length === 0) problems.push('no host test ran');
  const skipped = results.filter((r) => r.state === 'pending');
  if (skipped.length && ci) problems.push(`${skipped.length} host test(s) skipped under CI: ${skipped.map((r) => r.title).join('; ')}`);
  return { ok: problems.length === 0, problems };
}

/**
 * Verdict on the UI checks from what ran: `checks` is one entry per check file, `passed` true or false.
 * @returns {{ ok: boolean, problems: string[] }}
 */
export function uiVerdict(checks) {
  const problems = [];
  if (checks.length === 0) problems.push('no UI check ran');
  const failed = checks.filter((c) => !c.passed);
  if (failed.length) problems.push(`${failed.length} UI check(s) failed: ${failed.map((c) => c.title).join('; ')}`);
  return { ok: problems.length === 0, problems };
}
