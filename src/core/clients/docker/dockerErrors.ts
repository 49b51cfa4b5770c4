// Maps dockerode / socket failures to ToolError codes, so the editor and CLI phrase the same advice.
import { CancellationError, ToolError } from '../../contracts/result.js';
import { engineUnreachableError, type DockerConnection } from './dockerConnection.js';

/** Wraps any error from a Docker call into a ToolError (or passes a cancellation through). */
export function toDockerError(e: unknown, conn: DockerConnection, what: string): Error {
  if (e instanceof ToolError || e instanceof CancellationError) return e;
  const err = e as { code?: string; statusCode?: number; json?: { message?: string }; message?: string; name?: string };
  if (err?.name === 'AbortError') return new CancellationError();
  if (err?.code && ['ECONNREFUSED', 'ENOENT', 'EACCES', 'ECONNRESET', 'EHOSTUNREACH', 'ETIMEDOUT'].includes(err.code)) return engineUnreachableError(conn, e);
  // ssh2 failures (auth, handshake, remote command) carry no HTTP status: the engine was never reached.
  if (conn.host.startsWith('ssh://') && err?.statusCode === undefined) return engineUnreachableError(conn, e);
  const message = err?.json?.message ?? err?.message ?? String(e);
  switch (err?.statusCode) {
    case 404:
      return new ToolError('not-found', `${what}: ${message}`, undefined, { cause: e });
    case 409:
      return new ToolError('conflict', `${what}: ${message}`, undefined, { cause: e });
    case 401:
    case 403:
      return new ToolError('auth-failed', `${what}: ${message}`, 'Log in with `docker login` or pass registry credentials from a secret.', { cause: e });
    case 400:
      return new ToolError('invalid-input', `${what}: ${message}`, undefined, { cause: e });
    default:
      return new ToolError('tool-failed', `${what}: ${message}`, undefined, { cause: e });
  }
}
