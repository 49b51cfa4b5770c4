// Whether this process may execute a file (access(2) with X_OK), without throwing.
import { accessSync, constants } from 'node:fs';

/** True when `path` exists and this process may execute it. */
export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
