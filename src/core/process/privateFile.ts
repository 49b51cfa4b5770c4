// The empty private file a process request may ask for (ProcessRequest.createFile), as a direct
// spawn creates it; the fork helpers do the same in their own code, in the spawn request.
import { closeSync, constants, openSync } from 'node:fs';

const FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;

/**
 * An empty 0600 file at `path` (truncated when present; a symbolic link there is not followed).
 * Never throws: when it cannot be created, the process cannot write it either and says so.
 */
export function createEmptyPrivateFile(path: string): void {
  try {
    closeSync(openSync(path, FLAGS, 0o600));
  } catch {
    // See above.
  }
}
