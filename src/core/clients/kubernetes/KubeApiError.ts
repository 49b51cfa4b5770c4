import { ToolError, type ToolErrorCode } from '../../contracts/result.js';

/** A failed API call: HTTP status plus the apiserver's Status `reason` (e.g. `NotFound`, `Expired`). */
export class KubeApiError extends ToolError {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    hint?: string,
    options?: { cause?: unknown },
  ) {
    super(codeForStatus(status), message, hint, options);
    this.name = 'KubeApiError';
  }
}

/** Maps an HTTP status to the shared tool error codes. */
export function codeForStatus(status: number): ToolErrorCode {
  if (status === 401 || status === 403) return 'auth-failed';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 400 || status === 422) return 'invalid-input';
  if (status === 504) return 'timeout';
  if (status === 0) return 'engine-unreachable';
  return 'tool-failed';
}

/** True for a 410 Gone / `Expired` answer, which means "re-list, your resourceVersion is too old". */
export function isGone(e: unknown): boolean {
  return e instanceof KubeApiError && (e.status === 410 || e.reason === 'Expired' || e.reason === 'Gone');
}

/** Message and hint for a 401: which context and user were refused, and how to get fresh credentials. */
export function unauthorizedMessage(context: string, user: string, detail: string): { message: string; hint: string } {
  return {
    message: `Kubernetes rejected the credentials of user "${user || '(none)'}" in context "${context || '(none)'}": ${detail}`,
    hint: 'Log in again (refresh the token, certificate or your cloud CLI login, e.g. `aws sso login`, `gcloud auth login`, `az login`), then retry.',
  };
}
