/** A typed result for boundaries where failure is expected (missing tool, bad input, engine down). */
export type Result<T, E = ToolError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

/** Codes shared by every tool client, so the editor and the CLI can phrase the same advice. */
export type ToolErrorCode =
  | 'tool-not-found'
  | 'engine-unreachable'
  | 'auth-failed'
  | 'not-found'
  | 'conflict'
  | 'invalid-input'
  | 'tool-failed'
  | 'timeout'
  | 'cancelled';

/** A failure people can act on: `message` says what happened, `hint` what to do (e.g. what to install). */
export class ToolError extends Error {
  constructor(
    readonly code: ToolErrorCode,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ToolError';
  }
}

/** Thrown (or returned) when an operation was cancelled on purpose; reporters skip it. */
export class CancellationError extends Error {
  constructor(message = 'Cancelled') {
    super(message);
    this.name = 'CancellationError';
  }
}

export function isCancellationError(e: unknown): e is CancellationError {
  return e instanceof CancellationError || (e instanceof Error && e.name === 'AbortError');
}
