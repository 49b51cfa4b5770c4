// Checks on real processes for the cancel tests (unit and integration): is a pid alive, which
// processes mention a token in their command line, and waiting on such a condition.
import { readFileSync, readdirSync } from 'node:fs';

/** True while `pid` runs; an exited process not yet reaped (a zombie) counts as gone. */
export function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Live processes (not zombies) whose command line contains `token`, as "pid: cmdline". */
export function processesMentioning(token: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    if (cmdline.includes(token) && alive(Number(name))) found.push(`${name}: ${cmdline.trim()}`);
  }
  return found;
}

/** Resolves once `cond()` holds; fails after `ms` with `what`. Polls; asserts nothing about time. */
export async function waitFor(cond: () => boolean, what = 'condition', ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
