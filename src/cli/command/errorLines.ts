// The one shape of a CLI error on stderr: `ansflow: error: <message>` lines, then at most one
// `hint: <what to do>` line. Commands return failures as values; the command wrapper prints them.
import { EXIT } from './exitCodes.js';

/** A command's refusal or failure, returned instead of thrown. */
export interface CliFailure {
  exit: number;
  errors: string[];
  hint?: string;
}

export function isFailure(x: unknown): x is CliFailure {
  return typeof x === 'object' && x !== null && 'exit' in x && 'errors' in x;
}

/** Exit `exit` with these error lines. */
export function failure(exit: number, errors: string | string[], hint?: string): CliFailure {
  return { exit, errors: typeof errors === 'string' ? [errors] : errors, hint };
}

/** Exit 2; the wrapper adds a hint pointing at the command's `--help` when `hint` is undefined ('' for none). */
export function usageError(errors: string | string[], hint?: string): CliFailure {
  return failure(EXIT.usage, errors, hint);
}

/** The stderr text of a failure: one line per error (only its first line, so no stack or dump), one hint. */
export function errorText(errors: string[], hint?: string): string {
  const lines = errors.map((e) => `ansflow: error: ${firstLine(e)}\n`);
  return `${lines.join('')}${hint ? `hint: ${firstLine(hint)}\n` : ''}`;
}

/** The stderr text of an unexpected error: its first line, shortened, never a stack or a megabyte of text. */
export function internalErrorText(e: unknown, command?: string): string {
  const text = firstLine(e instanceof Error ? e.message : String(e));
  const short = text.length > 200 ? `${text.slice(0, 199)}…` : text;
  return errorText([`internal error${command ? ` in '${command}'` : ''}: ${short}`], 'this is a bug in ansflow; run again with --debug for the stack trace');
}

function firstLine(s: string): string {
  return s.split('\n')[0]!;
}
