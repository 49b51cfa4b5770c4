// Whether the process that writes a run is still there. A pid alone is not enough after a crash:
// the number is reused, so a run killed with SIGKILL could read as "running" forever once another
// process got its pid. The writer's start time (from /proc on Linux) pins the pid to one process.
import { readFileSync } from 'node:fs';
import { pidAlive } from '../../process/pidAlive.js';

/** The kernel's start time of a process (clock ticks since boot, as text), or undefined where unknown. */
export function processStartTime(pid: number): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // `comm` (field 2) may hold spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}

/** True when the process recorded as a run's writer (pid + start time, see {@link processStartTime}) still runs. */
export function writerAlive(pid: number | undefined, pidStart: string | undefined): boolean {
  if (!pid || !pidAlive(pid)) return false;
  if (pidStart === undefined) return true;
  const now = processStartTime(pid);
  return now === undefined || now === pidStart;
}
