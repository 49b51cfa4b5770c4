// Finding interpreters (bash, python3, node) on PATH, with the "what to install" message when absent.
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { ToolError } from '../../../contracts/result.js';

const found = new Map<string, string | undefined>();

/** The absolute path of `name` on PATH (or `name` itself when it is a path), or undefined. */
export function which(name: string, pathEnv = process.env.PATH ?? ''): string | undefined {
  if (isAbsolute(name) || name.includes('/')) {
    try {
      accessSync(name, constants.X_OK);
      return name;
    } catch {
      return undefined;
    }
  }
  const key = `${name}\u0000${pathEnv}`;
  if (found.has(key)) return found.get(key);
  let hit: string | undefined;
  for (const dir of pathEnv.split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      hit = join(dir, name);
      break;
    } catch {
      // not here
    }
  }
  found.set(key, hit);
  return hit;
}

/** Resolves the first available candidate, or throws a ToolError saying what to install. */
export function requireInterpreter(candidates: string[], install: string, setting: string, pathEnv?: string): string {
  for (const c of candidates) {
    const p = which(c, pathEnv);
    if (p) return p;
  }
  throw new ToolError('tool-not-found', `${candidates[0]} was not found on PATH`, `Install ${install}, or set ${setting} to its path.`);
}
