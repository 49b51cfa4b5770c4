// Byte-level exec into a running container, for the kubernetes executor's workspace: tar streams in
// and out, and the step's own output. Over the v4 exec protocol (all our apiservers speak it) ending
// stdin closes the whole websocket and loses the exit status, so input is sent with its length known
// and the command reads exactly that many bytes (`head -c`); stdin is never ended by us.
import { PassThrough, Writable } from 'node:stream';
import type { V1Status } from '@kubernetes/client-node';
import { clientNode } from '../../lazy/clientNode.js';
import type { KubeClient } from './KubeClient.js';
import { exitCodeOf } from './podStreams.js';

/** Where one exec's bytes go. */
export interface ExecIo {
  /** Sent, never ended (see the file comment). */
  stdin?: Buffer;
  /** Receives stdout; ended when the command ends. */
  stdout?: Writable;
  onStdout?(bytes: Buffer): void;
  onStderr?(bytes: Buffer): void;
}

function sink(on?: (b: Buffer) => void): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      on?.(chunk);
      cb();
    },
  });
}

/** Runs `command` in `container` and resolves with its exit code (-1 when the status was lost). */
export async function execBytes(kube: KubeClient, namespace: string, pod: string, container: string, command: string[], io: ExecIo = {}): Promise<number> {
  const stdin = io.stdin !== undefined ? new PassThrough() : null;
  const stdout = io.stdout ?? sink(io.onStdout);
  const stderr = sink(io.onStderr);
  try {
    const status = await new Promise<V1Status>((resolve, reject) => {
      new (clientNode().Exec)(kube.kc)
        .exec(namespace, pod, container, command, stdout, stderr, stdin, false, resolve)
        .then((ws) => {
          ws.on('close', () => setTimeout(() => resolve({ status: 'Unknown' } as V1Status), 50));
          if (stdin && io.stdin) stdin.write(io.stdin);
        })
        .catch(reject);
    });
    return exitCodeOf(status);
  } finally {
    stdin?.destroy();
    if (io.stdout && !io.stdout.writableEnded) io.stdout.end();
  }
}

/** A shell command line reading exactly `bytes` bytes of stdin into `then` (see the file comment). */
export function readExactly(bytes: number, then: string): string {
  return `head -c ${Math.max(0, Math.floor(bytes))} | ${then}`;
}

