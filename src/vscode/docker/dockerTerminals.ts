// Terminals for container logs (followed), a shell (exec with a TTY, resized with the panel) and live
// stats (a `docker stats` table redrawn in place). Each is a Pseudoterminal whose stream stops when
// the terminal closes. Only container output and engine messages are written: never credentials.
import * as vscode from 'vscode';
import type { DockerClient, ExecSession, LogsOptions } from '../../core/clients/docker/index.js';
import { statsTableFrame, toTerminalText, type StatsRow } from '../../core/views/containers/index.js';

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Opens a terminal following `name`'s logs. */
export function openLogsTerminal(client: DockerClient, id: string, name: string, o: Omit<LogsOptions, 'signal' | 'follow'>): vscode.Terminal {
  const write = new vscode.EventEmitter<string>();
  const abort = new AbortController();
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    open: () => {
      void (async () => {
        try {
          const info = await client.inspectContainer(id);
          for await (const c of client.logs(id, { ...o, follow: true, signal: abort.signal })) write.fire(toTerminalText(c, !!info.Config.Tty));
          if (!abort.signal.aborted) write.fire(`\r\n\x1b[2m[logs ended: ${name} stopped]\x1b[0m\r\n`);
        } catch (e) {
          if (!abort.signal.aborted) write.fire(`\r\n\x1b[31m${errorText(e)}\x1b[0m\r\n`);
        }
      })();
    },
    close: () => {
      abort.abort();
      write.dispose();
    },
  };
  const t = vscode.window.createTerminal({ name: `Logs: ${name}`, pty, iconPath: new vscode.ThemeIcon('output') });
  t.show();
  return t;
}

/** Opens an interactive shell in a running container. */
export function openShellTerminal(client: DockerClient, id: string, name: string, cmd: string[]): vscode.Terminal {
  const write = new vscode.EventEmitter<string>();
  const closed = new vscode.EventEmitter<number | void>();
  let session: ExecSession | undefined;
  let size: vscode.TerminalDimensions | undefined;
  let ended = false;
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: closed.event,
    open: (dims) => {
      size = dims;
      void (async () => {
        try {
          session = await client.exec(id, cmd, { tty: true, stdin: true, env: { TERM: 'xterm-256color' } });
          if (size) await session.resize(size.columns, size.rows).catch(() => undefined);
          for await (const c of session.output()) write.fire(c.text);
          const code = await session.exitCode();
          ended = true;
          closed.fire(code);
        } catch (e) {
          write.fire(`\r\n\x1b[31m${errorText(e)}\x1b[0m\r\nPress any key to close.\r\n`);
          ended = true;
        }
      })();
    },
    handleInput: (data) => {
      if (ended && !session) closed.fire();
      else session?.stream.write(data);
    },
    setDimensions: (dims) => {
      size = dims;
      void session?.resize(dims.columns, dims.rows).catch(() => undefined);
    },
    close: () => {
      session?.stream.end();
      session?.stream.destroy();
      write.dispose();
    },
  };
  const t = vscode.window.createTerminal({ name: `Shell: ${name}`, pty, iconPath: new vscode.ThemeIcon('terminal') });
  t.show();
  return t;
}

/** Opens a terminal with a live `docker stats` table for these containers; `q` closes it. */
export function openStatsTerminal(client: DockerClient, containers: Array<{ id: string; name: string }>): vscode.Terminal {
  const write = new vscode.EventEmitter<string>();
  const closed = new vscode.EventEmitter<void>();
  const abort = new AbortController();
  const rows: StatsRow[] = containers.map((c) => ({ name: c.name }));
  let timer: NodeJS.Timeout | undefined;
  const draw = (): void => {
    if (timer) return;
    // every stream sends a sample a second: draw once per burst
    timer = setTimeout(() => {
      timer = undefined;
      if (!abort.signal.aborted) write.fire(statsTableFrame(rows, 'Press q to close.'));
    }, 100);
  };
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: closed.event,
    open: () => {
      write.fire('\x1b[?25l\x1b[2J');
      draw();
      containers.forEach((c, i) => {
        void (async () => {
          try {
            for await (const s of client.stats(c.id, abort.signal)) {
              rows[i].sample = s;
              draw();
            }
          } catch {
            // the container stopped: its row keeps the last figures
          }
        })();
      });
    },
    handleInput: (data) => {
      if (data === 'q' || data === '\x03') closed.fire();
    },
    close: () => {
      abort.abort();
      clearTimeout(timer);
      write.dispose();
    },
  };
  const t = vscode.window.createTerminal({ name: containers.length === 1 ? `Stats: ${containers[0].name}` : 'Stats: running containers', pty, iconPath: new vscode.ThemeIcon('pulse') });
  t.show();
  return t;
}
