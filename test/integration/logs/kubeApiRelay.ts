// A TCP relay in front of the test apiserver, with a kubeconfig that goes through it. Cutting its
// connections (and refusing new ones for a moment) is what a client sees when a pod's log stream drops
// while the pod keeps running: the real apiserver and kubelet cannot be made to drop one stream on
// demand under a running test. TLS passes through untouched.
import { createServer, connect, type Socket } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { runDirPath, testKubeconfigPath } from '../engines.js';

export interface KubeApiRelay {
  /** A kubeconfig file like the test one, its server the relay. */
  kubeconfig: string;
  /** Destroys every open connection and refuses new ones until {@link release}. */
  cut(): void;
  /** Connections refused since the last cut. */
  readonly refused: number;
  release(): void;
  close(): Promise<void>;
}

export async function startKubeApiRelay(prefix: string): Promise<KubeApiRelay> {
  const real = new URL(process.env.ANSFLOW_TEST_KUBE_SERVER!);
  const open = new Set<Socket>();
  let refusing = false;
  let refused = 0;
  const server = createServer((client) => {
    if (refusing) return void (refused++, client.destroy());
    const upstream = connect(Number(real.port), real.hostname);
    open.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = () => (client.destroy(), upstream.destroy(), open.delete(client), open.delete(upstream));
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const kubeconfig = join(mkdtempSync(runDirPath(prefix)), 'kubeconfig');
  writeFileSync(kubeconfig, readFileSync(testKubeconfigPath(), 'utf8').split(real.origin).join(`https://127.0.0.1:${port}`), { mode: 0o600 });
  return {
    kubeconfig,
    cut: () => {
      refusing = true;
      refused = 0;
      for (const s of open) s.destroy();
    },
    get refused() {
      return refused;
    },
    release: () => {
      refusing = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
