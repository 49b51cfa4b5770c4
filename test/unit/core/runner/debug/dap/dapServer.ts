// Test-side harness: serves one DapSession per connection on a loopback TCP port with DAP's
// Content-Length framing, so @vscode/debugadapter-testsupport's DebugClient can talk to it as VS Code
// talks to an adapter. The editor uses an inline adapter (no wire), so this stays out of the product.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { DapSession } from '../../../../../../src/core/runner/debug/dap/DapSession.js';
import type { DapRequest } from '../../../../../../src/core/runner/debug/dap/dapMessages.js';
import type { RunOptions } from '../../../../../../src/core/runner/runTypes.js';

export interface DapServer {
  port: number;
  /** The sessions served so far, in connection order (tests wait on their runs). */
  sessions: DapSession[];
  close(): Promise<void>;
}

const HEADER_END = '\r\n\r\n';

export async function serveDap(runOptions: (file: string) => RunOptions): Promise<DapServer> {
  const sessions: DapSession[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const session = new DapSession((m) => {
      if (socket.destroyed) return;
      const body = Buffer.from(JSON.stringify(m), 'utf8');
      socket.write(`Content-Length: ${body.length}${HEADER_END}`);
      socket.write(body);
    }, runOptions);
    sessions.push(session);
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const end = pending.indexOf(HEADER_END);
        if (end < 0) return;
        const length = Number(/Content-Length: *(\d+)/i.exec(pending.subarray(0, end).toString('ascii'))?.[1]);
        const start = end + HEADER_END.length;
        if (pending.length < start + length) return;
        const request = JSON.parse(pending.subarray(start, start + length).toString('utf8')) as DapRequest;
        pending = pending.subarray(start + length);
        void session.handle(request);
      }
    });
    // A client gone without a disconnect must not leave its run going (as the inline adapter's dispose).
    socket.on('close', () => session.cancel('client went away'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    sessions,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
