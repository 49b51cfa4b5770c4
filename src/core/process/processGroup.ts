// Signalling a whole process group: every process core starts leads its own group.

/** Sends `signal` to every process in the group led by `pid`; false when the group is gone. */
export function killProcessGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}
