// Reader for the JSON lines written by the `ansflow_events` callback plugin
// (source of truth: resources/ansible/ansflow_events.py, schema version 1).

/** Counts per host from the final `stats` event. */
export interface AnsibleHostStats {
  ok: number;
  changed: number;
  failed: number;
  unreachable: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

interface Base {
  v: number;
  /** Epoch seconds (Python time.time()). */
  time: number;
}

/** Where a task lives: playbook/role file and 1-based line. */
export interface AnsibleTaskRef {
  task: string;
  taskId: string;
  action: string;
  file: string | null;
  line: number | null;
}

/** A per-host task result. */
export interface AnsibleHostResultEvent extends Base, AnsibleTaskRef {
  event: 'host_ok' | 'host_changed' | 'host_failed' | 'host_skipped' | 'host_unreachable' | 'host_retry' | 'item_ok' | 'item_failed' | 'item_skipped';
  host: string;
  result: { msg?: unknown; rc?: number; stderr?: string; stdout?: string; censored?: boolean; [k: string]: unknown };
  item?: string;
  durationMs?: number;
  ignored?: boolean;
  changed?: boolean;
}

/** One event of the callback's stream. */
export type AnsibleEvent =
  | (Base & { event: 'playbook_start'; playbook: string })
  | (Base & { event: 'play_start'; play: string; playId: string; hosts: string[] | string; file: string | null; line: number | null })
  | (Base & AnsibleTaskRef & { event: 'task_start'; handler?: boolean })
  | (Base & { event: 'no_hosts_matched' })
  | AnsibleHostResultEvent
  | (Base & { event: 'stats'; hosts: Record<string, AnsibleHostStats> });

/** Parses one line; a bad line returns undefined, or throws when `strict`. */
export function parseAnsibleEventLine(line: string, strict = false): AnsibleEvent | undefined {
  const text = line.trim();
  if (!text) return undefined;
  try {
    const ev = JSON.parse(text) as AnsibleEvent;
    if (typeof ev !== 'object' || ev === null || typeof ev.event !== 'string') throw new Error('not an event object');
    return ev;
  } catch (e) {
    if (strict) throw new Error(`bad ansflow_events line: ${text.slice(0, 200)}`, { cause: e });
    return undefined;
  }
}

/** Turns chunks of text into events, one per complete line (see STYLE: streams parsed per line). */
export async function* readAnsibleEvents(chunks: AsyncIterable<string | Buffer>, strict = false): AsyncGenerator<AnsibleEvent> {
  let buf = '';
  for await (const chunk of chunks) {
    buf += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const ev = parseAnsibleEventLine(buf.slice(0, nl), strict);
      buf = buf.slice(nl + 1);
      if (ev) yield ev;
    }
  }
  const last = parseAnsibleEventLine(buf, strict);
  if (last) yield last;
}

const STATUS_WORD: Record<string, string> = {
  host_ok: 'ok',
  host_changed: 'changed',
  host_failed: 'failed',
  host_skipped: 'skipping',
  host_unreachable: 'unreachable',
  host_retry: 'retrying',
  item_ok: 'ok',
  item_failed: 'failed',
  item_skipped: 'skipping',
};

/** `file:line` of a task, when known. */
export function taskLocation(ev: { file: string | null; line: number | null }): string | undefined {
  return ev.file ? (ev.line ? `${ev.file}:${ev.line}` : ev.file) : undefined;
}

/** A short human line for an event (used in progress messages), e.g. `changed: [web1] Install nginx`. */
export function formatAnsibleEvent(ev: AnsibleEvent): string {
  switch (ev.event) {
    case 'playbook_start':
      return `Playbook ${ev.playbook}`;
    case 'play_start':
      return `PLAY [${ev.play}]`;
    case 'task_start':
      return `${ev.handler ? 'RUNNING HANDLER' : 'TASK'} [${ev.task}]`;
    case 'no_hosts_matched':
      return 'No hosts matched';
    case 'stats':
      return (
        'PLAY RECAP ' +
        Object.entries(ev.hosts)
          .map(([h, s]) => `${h}: ok=${s.ok} changed=${s.changed} failed=${s.failed} unreachable=${s.unreachable} skipped=${s.skipped}`)
          .join('; ')
      );
    default: {
      const item = ev.item !== undefined ? ` (item=${ev.item})` : '';
      const msg = ev.event === 'host_failed' || ev.event === 'host_unreachable' || ev.event === 'item_failed' ? resultMessage(ev) : '';
      return `${STATUS_WORD[ev.event]}: [${ev.host}]${item} ${ev.task}${msg ? ` — ${msg}` : ''}${ev.ignored ? ' (ignored)' : ''}`;
    }
  }
}

/** The most useful one-line message of a failed result. */
export function resultMessage(ev: AnsibleHostResultEvent): string {
  const r = ev.result ?? {};
  if (r.censored) return 'output hidden (no_log)';
  const msg = typeof r.msg === 'string' ? r.msg : r.msg !== undefined ? JSON.stringify(r.msg) : '';
  const stderr = typeof r.stderr === 'string' ? r.stderr.trim().split('\n').pop() ?? '' : '';
  return [msg, stderr].filter(Boolean).join(': ') || 'failed';
}

/** A failed task located in its playbook, ready to become an editor diagnostic. */
export interface AnsibleTaskFailure {
  host: string;
  task: string;
  file?: string;
  line?: number;
  message: string;
  unreachable: boolean;
}

/** Tallies a run's events: failures (not ignored), the last stats, and task/host counts. */
export class AnsibleRunTally {
  readonly failures: AnsibleTaskFailure[] = [];
  stats?: Record<string, AnsibleHostStats>;
  tasksStarted = 0;
  hostResults = 0;
  changed = 0;

  /** Folds one event in. */
  add(ev: AnsibleEvent): void {
    if (ev.event === 'task_start') this.tasksStarted++;
    else if (ev.event === 'stats') this.stats = ev.hosts;
    else if (ev.event.startsWith('host_') && ev.event !== 'host_retry') {
      const r = ev as AnsibleHostResultEvent;
      this.hostResults++;
      if (r.event === 'host_changed') this.changed++;
      if ((r.event === 'host_failed' && !r.ignored) || r.event === 'host_unreachable') {
        this.failures.push({
          host: r.host,
          task: r.task,
          file: r.file ?? undefined,
          line: r.line ?? undefined,
          message: resultMessage(r),
          unreachable: r.event === 'host_unreachable',
        });
      }
    }
  }
}
