// Picks which fork helper the next process start uses (ANSFLOW_FORK_HELPER is read at each start).

/** Runs `start` with ANSFLOW_FORK_HELPER set to `helper` (unset for undefined), then puts it back. */
export function withHelperSetting<T>(helper: string | undefined, start: () => T): T {
  const before = process.env.ANSFLOW_FORK_HELPER;
  if (helper === undefined) delete process.env.ANSFLOW_FORK_HELPER;
  else process.env.ANSFLOW_FORK_HELPER = helper;
  try {
    return start();
  } finally {
    if (before === undefined) delete process.env.ANSFLOW_FORK_HELPER;
    else process.env.ANSFLOW_FORK_HELPER = before;
  }
}
