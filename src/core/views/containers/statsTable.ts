// The live stats terminal's screen: `docker stats` columns, redrawn in place on each sample.
import type { ContainerStatsSample } from '../../clients/docker/containerStats.js';
import { formatBytes } from './containerFormat.js';

/** One row: a container's name and its latest sample (undefined while the first one is on its way). */
export interface StatsRow {
  name: string;
  sample?: ContainerStatsSample;
}

const HEAD = ['NAME', 'CPU %', 'MEM USAGE / LIMIT', 'MEM %', 'NET I/O', 'BLOCK I/O', 'PIDS'];

/** The table as lines (no colours): columns padded to their widest cell, like `docker stats`. */
export function statsTableLines(rows: readonly StatsRow[]): string[] {
  const cells = rows.map(({ name, sample: s }) =>
    s
      ? [
          name,
          `${s.cpuPercent.toFixed(2)}%`,
          `${formatBytes(s.memoryBytes)} / ${s.memoryLimitBytes ? formatBytes(s.memoryLimitBytes) : '—'}`,
          `${s.memoryPercent.toFixed(2)}%`,
          `${formatBytes(s.netRxBytes)} / ${formatBytes(s.netTxBytes)}`,
          `${formatBytes(s.blockReadBytes)} / ${formatBytes(s.blockWriteBytes)}`,
          String(s.pids),
        ]
      : [name, '--', '--', '--', '--', '--', '--'],
  );
  const all = [HEAD, ...cells];
  const widths = HEAD.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  return all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('   ').trimEnd());
}

/** The terminal bytes that redraw the table from the top-left corner (CRLF line ends, clearing to the end of screen). */
export function statsTableFrame(rows: readonly StatsRow[], footer?: string): string {
  const lines = statsTableLines(rows);
  if (footer) lines.push('', footer);
  return `\x1b[H${lines.map((l) => `${l}\x1b[K`).join('\r\n')}\x1b[J`;
}
