// Pod-level streams. Logs are plain chunked HTTP (GET …/log?follow=true), read line by line over
// our own transport; exec and port-forward use client-node's websocket implementations of the
// channel protocols (v4.channel.k8s.io for exec, portforward.k8s.io for port-forward).
import net from 'node:net';
import { PassThrough, Writable } from 'node:stream';
import type { V1Status } from '@kubernetes/client-node';
import { clientNode } from '../../lazy/clientNode.js';
import type { KubeClient } from './KubeClient.js';
import type { Disposable } from './types.js';

/** Options for {@link streamPodLogs}, mirroring `kubectl logs` flags. */
export interface PodLogOptions {
  container?: string;
  follow?: boolean;
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  /** RFC 3339; the API keeps whole seconds. */
  sinceTime?: string;
  timestamps?: boolean;
  signal?: AbortSignal;
}

/** Pod log lines as an async iterable; with `follow`, it ends when the container stops or `signal` aborts. */
export function streamPodLogs(kube: KubeClient, namespace: string, pod: string, opts: PodLogOptions = {}): AsyncGenerator<string> {
  return kube.streamLines(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`, {
    query: { container: opts.container, follow: opts.follow || undefined, previous: opts.previous || undefined, tailLines: opts.tailLines, sinceSeconds: opts.sinceSeconds, sinceTime: opts.sinceTime, timestamps: opts.timestamps || undefined },
    signal: opts.signal,
  });
}

/** Result of {@link execInPod}. */
export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a command in a container (no TTY) and collects output; the exit code comes from the status channel. */
export async function execInPod(kube: KubeClient, namespace: string, pod: string, command: string[], opts: { container?: string; stdin?: string; onStdout?(t: string): void; onStderr?(t: string): void } = {}): Promise<ExecResult> {
  let stdout = '';
  let stderr = '';
  const sink = (on: (t: string) => void) =>
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        on(chunk.toString('utf8'));
        cb();
      },
    });
  const out = sink((t) => ((stdout += t), opts.onStdout?.(t)));
  const errS = sink((t) => ((stderr += t), opts.onStderr?.(t)));
  let input: PassThrough | null = null;
  if (opts.stdin !== undefined) {
    input = new PassThrough();
    input.end(opts.stdin);
  }
  const status = await new Promise<V1Status>((resolve, reject) => {
    new (clientNode().Exec)(kube.kc)
      .exec(namespace, pod, opts.container ?? '', command, out, errS, input, false, resolve)
      .then((ws) => ws.on('close', () => setTimeout(() => resolve({ status: 'Unknown' } as V1Status), 50)))
      .catch(reject);
  });
  return { exitCode: exitCodeOf(status), stdout, stderr };
}

/** Reads the exit code from an exec Status (`Success`, or `NonZeroExitCode` with an ExitCode cause). */
export function exitCodeOf(status: V1Status): number {
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  if (cause?.message) return Number(cause.message);
  return status.status === 'Unknown' ? -1 : 1;
}

/** A running port-forward. */
export interface PortForwardHandle extends Disposable {
  localPort: number;
}

/** Listens on 127.0.0.1:`localPort` (0 = any) and forwards each connection to `remotePort` of the pod. */
export async function forwardPort(kube: KubeClient, namespace: string, pod: string, remotePort: number, localPort = 0): Promise<PortForwardHandle> {
  const pf = new (clientNode().PortForward)(kube.kc);
  const server = net.createServer((socket) => {
    pf.portForward(namespace, pod, [remotePort], socket, null, socket).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(localPort, '127.0.0.1', resolve);
  });
  const addr = server.address() as net.AddressInfo;
  return { localPort: addr.port, dispose: () => server.close() };
}
