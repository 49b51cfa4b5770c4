// Substitutes `${{ }}` values into a script without pasting them as code: each occurrence becomes a
// reference to an environment variable, written for its lexical position (see the lexers), or the
// value escaped for the string literal it sits in. Pure: files for large values are written by a
// callback the caller provides.
//
//   const r = injectScript('shell', 'echo ${{ params.name }}', evaluate, { writeValueFile });
//   // r.script === 'echo "${AF_0}"', r.env.AF_0 === <the value>
// Direct imports, not the pipeline index: the validator imports this module from inside the pipeline stage.
import { toDisplayString } from '../../pipeline/expressions/coerce.js';
import { findExpressions } from '../../pipeline/expressions/findExpressions.js';
import { escapeJsLiteral, escapePythonLiteral } from './escapeLiteral.js';
import { lexNode } from './nodeLexer.js';
import { lexPython } from './pythonLexer.js';
import { lexShell } from './shellLexer.js';
import type { InjectionProblemCode, Site } from './sites.js';

/** The script languages the runner substitutes into (see WithValueKind). */
export type ScriptLanguage = 'shell' | 'python' | 'node';

/** One `${{ }}` in a script with its context; offsets into the script text. */
export interface ScriptSite extends Site {
  start: number;
  end: number;
  /** The expression between `${{` and `}}`. */
  source: string;
}

/** Why a script cannot be run with its values: a refused place, or a value no variable can hold. */
export class InjectionError extends Error {
  constructor(
    readonly code: InjectionProblemCode | 'nul-in-shell' | 'unterminated',
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
    this.name = 'InjectionError';
  }
}

/** Options of {@link injectScript}. */
export interface InjectOptions {
  /** Writes a value to a private (0600) file and returns its path; used for values too large for the environment. */
  writeValueFile(text: string): string;
  /** Largest `NAME=value` environment entry in bytes (Linux: 128 KiB, MAX_ARG_STRLEN). */
  envEntryLimit?: number;
  /** Budget for all value variables together, so the whole environment stays under ARG_MAX. */
  envTotalLimit?: number;
  /** Variable name prefix (default `AF_`). */
  prefix?: string;
  /** Number of the first variable, when several scripts of one step share an environment (default 0). */
  firstIndex?: number;
}

/** A script ready to run: its text, the variables to add to its environment, and a shell prologue. */
export interface InjectedScript {
  script: string;
  env: Record<string, string>;
  /**
   * Shell only: one line of assignments that read large values from their files into shell
   * variables; run it before the script (same line as `set -e`, so line numbers stay put).
   */
  prologue: string;
  /** The text of every substituted value (also those escaped into literals), for output parsing. */
  texts: string[];
}

const LEXERS = { shell: lexShell, python: lexPython, node: lexNode } as const;

/** Shells whose quoting the shell lexer knows; other shells (pwsh, fish, …) get no substitution. */
export function isPosixShell(shell: string | undefined): boolean {
  if (shell === undefined) return true;
  const name = shell.slice(shell.lastIndexOf('/') + 1);
  return /^(sh|bash|dash|zsh|ksh|ash|mksh|busybox)$/.test(name);
}

/** Every `${{ }}` of a script with the context its language gives it (for the validator and hovers). */
export function analyzeScript(language: ScriptLanguage, text: string): ScriptSite[] {
  if (!text.includes('${{')) return [];
  const found = findExpressions(text, 0);
  const sites = LEXERS[language](text, found);
  // Built field by field: a spread of the lexer's answer with fields added gave every site a hidden class
  // of its own (a slow lookup at each read of a site, ~1,200 per 2,000-step validation).
  return found.map((f, i) => {
    const s = sites[i]!;
    const site: ScriptSite = { context: s.context, start: f.start, end: f.end, source: f.source };
    if ('warning' in s) site.warning = s.warning;
    return site;
  });
}

/** The error of the first refused site, if any. */
export function firstProblem(sites: ScriptSite[]): InjectionError | undefined {
  for (const s of sites) if (s.context.kind === 'error') return new InjectionError(s.context.problem.code, `\${{${s.source}}}: ${s.context.problem.message}`, s.start, s.end);
  return undefined;
}

const ENTRY_LIMIT = 128 * 1024;
const TOTAL_LIMIT = 1024 * 1024;

/**
 * Rewrites `text` so every `${{ }}` reads its value at run time. Throws {@link InjectionError} for
 * a refused place, and for an evaluation error (rethrown as is).
 */
export function injectScript(language: ScriptLanguage, text: string, evaluate: (source: string) => unknown, options: InjectOptions): InjectedScript {
  const sites = analyzeScript(language, text);
  if (!sites.length) return { script: text, env: {}, prologue: '', texts: [] };
  const unterminated = findExpressions(text, 0).find((f) => f.unterminated);
  if (unterminated) throw new InjectionError('unterminated', `unterminated '\${{'`, unterminated.start, unterminated.end);
  const problem = firstProblem(sites);
  if (problem) throw problem;

  const prefix = options.prefix ?? 'AF_';
  const entryLimit = options.envEntryLimit ?? ENTRY_LIMIT;
  let budget = options.envTotalLimit ?? TOTAL_LIMIT;
  const env: Record<string, string> = {};
  const prologue: string[] = [];
  // One variable per distinct expression and encoding: `${{ a }}` twice reads one variable.
  const vars = new Map<string, { name: string; file: boolean }>();
  const values = new Map<string, unknown>();
  const valueOf = (source: string) => {
    if (!values.has(source)) values.set(source, evaluate(source));
    return values.get(source);
  };
  const variable = (source: string, encoding: 'text' | 'json', at: ScriptSite) => {
    const key = `${encoding}\u0000${source}`;
    let v = vars.get(key);
    if (v) return v;
    const value = valueOf(source);
    const payload = encoding === 'json' ? (JSON.stringify(value ?? null) ?? 'null') : toDisplayString(value);
    const name = `${prefix}${(options.firstIndex ?? 0) + vars.size}`;
    if (language === 'shell' && payload.includes('\u0000')) {
      throw new InjectionError('nul-in-shell', `\${{${source}}}: the value contains a NUL byte, which no shell variable can hold; pass it to the step as a file`, at.start, at.end);
    }
    const size = Buffer.byteLength(name) + 1 + Buffer.byteLength(payload) + 1;
    if (size > entryLimit || size > budget || payload.includes('\u0000')) {
      env[`${name}_FILE`] = options.writeValueFile(payload);
      if (language === 'shell') prologue.push(`${name}=$(cat -- "$${name}_FILE"; printf .); ${name}=\${${name}%.};`);
      v = { name, file: true };
    } else {
      env[name] = payload;
      budget -= size;
      v = { name, file: false };
    }
    vars.set(key, v);
    return v;
  };

  let out = '';
  let last = 0;
  for (const s of sites) {
    out += text.slice(last, s.start);
    last = s.end;
    const ctx = s.context;
    if (ctx.kind === 'comment') {
      out += '[value]';
      continue;
    }
    if (ctx.kind === 'py-string') {
      out += escapePythonLiteral(toDisplayString(valueOf(s.source)), ctx.quote, ctx.bytes, ctx.fstring);
      continue;
    }
    if (ctx.kind === 'js-string') {
      out += escapeJsLiteral(toDisplayString(valueOf(s.source)), ctx.quote);
      continue;
    }
    if (language === 'shell') {
      const { name } = variable(s.source, 'text', s);
      out += ctx.kind === 'unquoted' ? `"\${${name}}"` : ctx.kind === 'single' ? `'"\${${name}}"'` : `\${${name}}`;
      continue;
    }
    const { name, file } = variable(s.source, 'json', s);
    if (language === 'python') {
      const q = ctx.kind === 'code' && ctx.fieldQuote?.includes("'") ? '"' : "'";
      const environ = `__import__(${q}os${q}).environ`;
      out += file
        ? `__import__(${q}json${q}).loads(open(${environ}[${q}${name}_FILE${q}], encoding=${q}utf-8${q}).read())`
        : `__import__(${q}json${q}).loads(${environ}[${q}${name}${q}])`;
    } else {
      out += file ? `JSON.parse(require('fs').readFileSync(process.env.${name}_FILE, 'utf8'))` : `JSON.parse(process.env.${name})`;
    }
  }
  out += text.slice(last);
  return { script: out, env, prologue: prologue.join(' '), texts: [...values.values()].map(toDisplayString) };
}
