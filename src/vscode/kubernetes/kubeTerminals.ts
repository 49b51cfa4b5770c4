// Pod logs and an interactive shell, each in its own terminal. Logs follow over the REST log
// stream; the shell is a TTY exec over client-node's websocket with the terminal's size forwarded.
import { PassThrough, Writable } from 'node:stream';
import * as vscode from 'vscode';
import { clientNode } from '../../core/lazy/clientNode.js';
import { streamPodLogs, type KubeClient, type PodLogOptions } from '../../core/clients/kubernetes/index.js';

/** Where a terminal points. */
export interface PodTarget {
  kube: KubeClient;
  namespace: string;
  pod: string;
  container?: string;
}

const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');

/** Streams a container's log into a new terminal; closing the terminal stops the stream. */
export function openLogsTerminal(t: PodTarget, opts: Omit<PodLogOptions, 'signal' | 'container'>): vscode.Terminal {
  const abort = new AbortController();
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<void>();
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: () => {
      void (async () => {
        try {
          for await (const line of streamPodLogs(t.kube, t.namespace, t.pod, { ...opts, container: t.container, signal: abort.signal })) write.fire(crlf(line) + '\r\n');
          write.fire(`\r\n\x1b[2m— log stream ended${opts.follow ? ' (container stopped)' : ''} —\x1b[0m\r\n`);
        } catch (e) {
          if (!abort.signal.aborted) write.fire(`\r\n\x1b[31m${crlf((e as Error).message)}\x1b[0m\r\n`);
        }
      })();
    },
    close: () => abort.abort(),
  };
  const name = `logs ${t.pod}${t.container ? `/${t.container}` : ''}${opts.previous ? ' (previous)' : ''}`;
  const term = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('output') });
  term.show();
  return term;
}

/** Opens an interactive shell (bash when the image has it, else sh) in a container. */
export function openExecTerminal(t: PodTarget): vscode.Terminal {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  const stdin = new PassThrough();
  // client-node forwards size changes when stdout looks like a TTY stream (columns, rows, 'resize').
  const stdout = Object.assign(
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        write.fire(chunk.toString('utf8'));
        cb();
      },
    }),
    { columns: 80, rows: 24 },
  );
  let socket: { close(): void } | undefined;
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: (dims) => {
      if (dims) Object.assign(stdout, { columns: dims.columns, rows: dims.rows });
      new (clientNode().Exec)(t.kube.kc)
        .exec(t.namespace, t.pod, t.container ?? '', ['sh', '-c', 'command -v bash >/dev/null 2>&1 && exec bash || exec sh'], stdout, stdout, stdin, true, (status) => {
          write.fire(`\r\n\x1b[2m— shell exited (${status.status ?? 'unknown'}) —\x1b[0m\r\n`);
          close.fire(status.status === 'Success' ? 0 : 1);
        })
        .then((ws) => (socket = ws))
        .catch((e: Error) => {
          write.fire(`\x1b[31m${crlf(e.message)}\x1b[0m\r\n`);
          close.fire(1);
        });
    },
    handleInput: (data) => stdin.write(data),
    setDimensions: (dims) => {
      Object.assign(stdout, { columns: dims.columns, rows: dims.rows });
      stdout.emit('resize');
    },
    close: () => {
      stdin.end();
      socket?.close();
    },
  };
  const term = vscode.window.createTerminal({ name: `shell ${t.pod}${t.container ? `/${t.container}` : ''}`, pty, iconPath: new vscode.ThemeIcon('terminal') });
  term.show();
  return term;
}
