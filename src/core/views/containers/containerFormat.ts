// How the Containers view words sizes, ages and states; the docker CLI's conventions where it has one
// (sizes in SI units as `docker images` prints them; the state list of the Engine API).

/** `docker images` style size: 1000-based units, three significant digits (`5.58MB`, `1.2GB`). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '?';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  const digits = i === 0 || v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${Number(v.toFixed(digits))}${units[i]}`;
}

/** A compact age from epoch seconds: `just now`, `5 min ago`, `3 h ago`, `2 days ago`, `4 weeks ago`, `2 months ago`, `1 year ago`. */
export function formatAge(createdSec: number, nowMs: number): string {
  const s = Math.max(0, Math.floor(nowMs / 1000 - createdSec));
  if (s < 60) return 'just now';
  const steps: Array<[number, string, string]> = [
    [365 * 86400, 'year', 'years'],
    [30 * 86400, 'month', 'months'],
    [7 * 86400, 'week', 'weeks'],
    [86400, 'day', 'days'],
    [3600, 'h', 'h'],
    [60, 'min', 'min'],
  ];
  for (const [size, one, many] of steps) {
    if (s >= size) {
      const n = Math.floor(s / size);
      return `${n} ${n === 1 ? one : many} ago`;
    }
  }
  return 'just now';
}

/** Container states of the Engine API (`State` of a list entry). */
export type ContainerState = 'running' | 'restarting' | 'paused' | 'created' | 'removing' | 'exited' | 'dead';

/** Order of states in a list: what is alive first. */
const STATE_RANK: Record<string, number> = { running: 0, restarting: 1, paused: 2, created: 3, removing: 4, exited: 5, dead: 6 };

/** Sort rank of a state (unknown states last). */
export function stateRank(state: string): number {
  return STATE_RANK[state] ?? 7;
}

/** A codicon name plus a theme colour id; the editor turns it into an icon, the CLI could into a mark. */
export interface NodeIcon {
  codicon: string;
  color?: string;
}

/** The icon of a container: its state by colour, a failed exit in red (the exit code is read from `Status`). */
export function containerIcon(state: string, status: string): NodeIcon {
  switch (state) {
    case 'running':
      return { codicon: 'vm-running', color: /\(unhealthy\)/.test(status) ? 'charts.orange' : 'charts.green' };
    case 'restarting':
      return { codicon: 'sync~spin', color: 'charts.yellow' };
    case 'paused':
      return { codicon: 'debug-pause', color: 'charts.yellow' };
    case 'dead':
      return { codicon: 'error', color: 'errorForeground' };
    case 'exited': {
      const code = /^Exited \((\d+)\)/.exec(status)?.[1];
      return code !== undefined && code !== '0' ? { codicon: 'vm-outline', color: 'charts.red' } : { codicon: 'vm-outline', color: 'disabledForeground' };
    }
    default:
      return { codicon: 'vm-outline' };
  }
}
