// Feeds step output through every matcher, line by line, across arbitrary chunk boundaries.
import type { LineMatcher, MatchContext, Problem, ProblemMatcher } from './Problem.js';
import { ansibleMatcher } from './ansibleMatcher.js';
import { dockerMatcher } from './dockerMatcher.js';
import { eslintMatcher } from './eslintMatcher.js';
import { gccMatcher } from './gccMatcher.js';
import { helmMatcher } from './helmMatcher.js';
import { kubectlMatcher } from './kubectlMatcher.js';
import { pythonMatcher } from './pythonMatcher.js';
import { tscMatcher } from './tscMatcher.js';
import { scanMatcher } from '../scan/scanMatcher.js';

/** Every built-in matcher, most specific first: the first one to claim a file:line:col wins. */
export const defaultProblemMatchers: readonly ProblemMatcher[] = [
  scanMatcher,
  tscMatcher,
  eslintMatcher,
  pythonMatcher,
  ansibleMatcher,
  kubectlMatcher,
  helmMatcher,
  dockerMatcher,
  gccMatcher,
];

// CSI and OSC sequences: coloured tool output must match like plain text.
// eslint-disable-next-line no-control-regex -- matching escape sequences is the point
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

/** Removes terminal escape sequences from a line. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/**
 * Scans one output stream for problems.
 *
 * ```ts
 * const scanner = new ProblemScanner({ cwd: '/repo' });
 * for (const chunk of output) report(scanner.push(chunk));
 * report(scanner.end());
 * ```
 */
export class ProblemScanner {
  private readonly matchers: LineMatcher[];
  private partial = '';
  private readonly seen = new Set<string>();
  private total = 0;

  constructor(
    ctx: MatchContext,
    matchers: readonly ProblemMatcher[] = defaultProblemMatchers,
    /** Stops collecting after this many problems so a runaway log cannot flood the Problems panel. */
    private readonly limit = 500,
  ) {
    this.matchers = matchers.map((m) => m.create(ctx));
  }

  /** Feeds a chunk; returns problems completed by its whole lines. */
  push(chunk: string): Problem[] {
    const text = this.partial + chunk;
    const lines = text.split(/\r?\n/);
    this.partial = lines.pop() ?? '';
    const out: Problem[] = [];
    for (const line of lines) out.push(...this.scanLine(line));
    return out;
  }

  /** Flushes the last partial line and multi-line state. */
  end(): Problem[] {
    const out = this.partial ? this.scanLine(this.partial) : [];
    this.partial = '';
    for (const m of this.matchers) out.push(...this.keep(m.end()));
    return out;
  }

  private scanLine(raw: string): Problem[] {
    const line = stripAnsi(raw).replace(/\r/g, '');
    const out: Problem[] = [];
    for (const m of this.matchers) out.push(...this.keep(m.line(line)));
    return out;
  }

  private keep(found: Problem[]): Problem[] {
    return found.filter((p) => {
      const key = `${p.file}:${p.line}:${p.column}`;
      if (this.seen.has(key) || this.total >= this.limit) return false;
      this.seen.add(key);
      this.total++;
      return true;
    });
  }
}

/** Scans a whole text at once. See {@link ProblemScanner}. */
export function scanProblems(text: string, ctx: MatchContext, matchers?: readonly ProblemMatcher[]): Problem[] {
  const s = new ProblemScanner(ctx, matchers);
  return [...s.push(text), ...s.end()];
}
