// Small helpers the matchers share: path resolution and line/column lookups in file text.
import { isAbsolute, resolve } from 'node:path';
import type { MatchContext } from './Problem.js';

/** Resolves a path printed by a tool against the step's working directory. */
export function resolveIn(ctx: MatchContext, file: string): string {
  return isAbsolute(file) ? file : resolve(ctx.cwd, file);
}

/** Reads a file through the context, never throwing. */
export function readText(ctx: MatchContext, absPath: string): string | undefined {
  try {
    return ctx.readFile?.(absPath);
  } catch {
    return undefined;
  }
}

/** 1-based line and column of a UTF-16 offset in `text`. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** Escapes a literal for use inside a RegExp. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
