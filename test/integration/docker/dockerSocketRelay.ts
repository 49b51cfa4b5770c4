// A Unix socket in front of the test dockerd's that relays every connection as it is. Destroying its open
// connections is what a client sees when a stream is cut (the engine stays up); closing it is the engine going
// away, listening again the engine coming back. Neither can be made to happen to the real dockerd on demand
// under a running test.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { runDirPath } from '../engines.js';
import { DockerClient } from '../../../src/core/clients/docker/DockerClient.js';
import { resolveDockerConnection } from '../../../src/core/clients/docker/dockerConnection.js';

export interface DockerSocketRelay {
  /** A client of the test dockerd that connects through the relay. */
  client(): DockerClient;
  /** Destroys every open connection (both sides); new ones still go through. */
  dropConnections(): void;
  /** Stops listening and drops every open connection; resolves once the socket is closed. */
  close(): Promise<void>;
  /** Listens again on the same path. */
  listen(): Promise<void>;
}

export async function startDockerSocketRelay(prefix: string): Promise<DockerSocketRelay> {
  const real = resolveDockerConnection().options.socketPath!;
  const path = join(mkdtempSync(runDirPath(prefix)), 'docker.sock');
  const open = new Set<Socket>();
  let server: Server | undefined;
  const relay: DockerSocketRelay = {
    client: () => DockerClient.fromConnection(resolveDockerConnection({ env: { DOCKER_HOST: `unix://${path}` } })),
    dropConnections: () => {
      for (const s of open) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (!server) return resolve();
        server.close(() => resolve());
        server = undefined;
        relay.dropConnections();
      }),
    listen: () =>
      new Promise<void>((resolve) => {
        server = createServer((client) => {
          const upstream = connect(real);
          open.add(client).add(upstream);
          client.pipe(upstream).pipe(client);
          const drop = () => (client.destroy(), upstream.destroy(), open.delete(client), open.delete(upstream));
          client.on('error', drop).on('close', drop);
          upstream.on('error', drop).on('close', drop);
        });
        server.listen(path, resolve);
      }),
  };
  await relay.listen();
  return relay;
}
