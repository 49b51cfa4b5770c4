// What a lexer says about one `${{ }}` in a script: the lexical place it sits in, or why no safe
// substitution exists there. Shared by the shell, Python and Node lexers and their callers.

/** A `${{ … }}` occurrence in script text (offsets into that text, end exclusive). */
export interface Span {
  start: number;
  end: number;
}

/** Why a value cannot be substituted at a place, as a stable code (diagnostics and tests key on it). */
export type InjectionProblemCode =
  | 'quoted-heredoc'
  | 'arithmetic'
  | 'reparsed'
  | 'ansi-c-quote'
  | 'escaped'
  | 'identifier'
  | 'raw-string'
  | 'regex'
  | 'tagged-template';

/** A place where substitution is refused, with a one-line reason for people. */
export interface InjectionProblem {
  code: InjectionProblemCode;
  message: string;
  /** Shell: the place is inside "…" of a re-parsed string, so a `$VAR` there would still be expanded too early. */
  inDoubleQuotes?: boolean;
}

/** The lexical context of one occurrence; `problem` set means it must not be substituted. */
export type SiteContext =
  // shell
  | { kind: 'unquoted' }
  | { kind: 'double' }
  | { kind: 'single' }
  | { kind: 'heredoc' }
  // python / node
  /** `fieldQuote`: the quote of the f-string whose `{ }` holds this code (older Pythons forbid reusing it). */
  | { kind: 'code'; fieldQuote?: string }
  | { kind: 'py-string'; quote: string; bytes: boolean; fstring: boolean }
  | { kind: 'js-string'; quote: "'" | '"' | '`' }
  // any language: inert text
  | { kind: 'comment' }
  | { kind: 'error'; problem: InjectionProblem };

/** A lexer's answer for one occurrence, plus a warning when the value reaches a program that re-parses it. */
export interface Site {
  context: SiteContext;
  /** e.g. "ssh runs its arguments as a remote shell command". */
  warning?: string;
}

/** The move-to-env advice every refusal ends with. */
const MOVE_TO_ENV = 'move the value to `env:` and use the variable instead';

/** A lexer's refusal of an occurrence `what` (e.g. "inside a heredoc"), ending with the move-to-env advice. */
export function refuse(code: InjectionProblem['code'], what: string, inDoubleQuotes = false): Site {
  return { context: { kind: 'error', problem: { code, message: `a value cannot be substituted ${what}: ${MOVE_TO_ENV}`, ...(inDoubleQuotes ? { inDoubleQuotes } : {}) } } };
}
