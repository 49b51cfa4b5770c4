// Finding interpreters (bash, python3, node) on PATH, with the "what to install" message when absent.
import { delimiter, isAbsolute, join } from 'node:path';
import { ToolError } from '../../../contracts/result.js';
import { isExecutable } from '../../../util/isExecutable.js';

/** Lookups by PATH, then by name: keyed by the PATH string itself, whose hash V8 keeps, not a joined key built per call. */
const found = new Map<string, Map<string, string | undefined>>();

/** The absolute path of `name` on PATH (or `name` itself when it is a path), or undefined. */
export function which(name: string, pathEnv = process.env.PATH ?? ''): string | undefined {
  if (isAbsolute(name) || name.includes('/')) {
    return isExecutable(name) ? name : undefined;
  }
  let inPath = found.get(pathEnv);
  if (!inPath) found.set(pathEnv, (inPath = new Map()));
  if (inPath.has(name)) return inPath.get(name);
  let hit: string | undefined;
  for (const dir of pathEnv.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) {
      hit = candidate;
      break;
    }
  }
  inPath.set(name, hit);
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
