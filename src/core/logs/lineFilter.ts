// The merged view's filter: text or regular expression, plus a set of levels. JavaScript regexes
// backtrack and cannot be interrupted, so a pattern that can take exponential time is refused up
// front (a quantified group that itself holds a quantifier or an alternation, and backreferences),
// and a pattern is only ever run on the first MAX_TESTED characters of a line.
import { err, ok, ToolError, type Result } from '../contracts/result.js';
import type { LogLevel, LogLine } from './logLine.js';

/** What the user typed in the filter box and which levels they keep. */
export interface LineFilterSpec {
  text?: string;
  /** Treat `text` as a regular expression (case-insensitive unless it has an upper-case letter). */
  regex?: boolean;
  /** Levels to keep; lines with no detected level are kept unless `levelledOnly`. Empty or absent keeps all. */
  levels?: readonly LogLevel[];
  levelledOnly?: boolean;
}

/** A compiled filter; `matches` is safe to call on every line. */
export type LineFilter = (line: Pick<LogLine, 'text' | 'level'>) => boolean;

/** Longest pattern accepted, and how much of a line a regex sees. */
export const MAX_PATTERN = 500;
export const MAX_TESTED = 4096;

/** Compiles a filter, or says in one line why the pattern is refused. */
export function compileLineFilter(spec: LineFilterSpec): Result<LineFilter> {
  const levels = spec.levels && spec.levels.length > 0 ? new Set(spec.levels) : undefined;
  const levelOk = (l: LogLevel | undefined) => !levels || (l === undefined ? !spec.levelledOnly : levels.has(l));
  const text = spec.text ?? '';
  if (!text) return ok((line) => levelOk(line.level));
  if (!spec.regex) {
    // Smart case, like ripgrep: all lower case matches any case.
    const fold = text === text.toLowerCase();
    return ok((line) => levelOk(line.level) && (fold ? line.text.toLowerCase() : line.text).includes(text));
  }
  const why = unsafePatternReason(text);
  if (why) return err(new ToolError('invalid-input', `Filter pattern refused: ${why}.`, 'Use plain text, or a pattern without nested repetition.'));
  let re: RegExp;
  try {
    re = new RegExp(text, text === text.toLowerCase() ? 'i' : '');
  } catch (e) {
    return err(new ToolError('invalid-input', `Filter pattern is not a valid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}.`));
  }
  return ok((line) => levelOk(line.level) && re.test(line.text.length > MAX_TESTED ? line.text.slice(0, MAX_TESTED) : line.text));
}

/**
 * Why a pattern could backtrack catastrophically, or `undefined` when it cannot by these rules:
 * no backreferences, and no quantified group containing a quantifier (`(a+)+`) or an
 * alternation (`(a|ab)*`). Stricter than needed, never looser.
 */
export function unsafePatternReason(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN) return `longer than ${MAX_PATTERN} characters`;
  // Per open group: whether it holds a quantifier or an alternation so far.
  const stack: { risky: boolean }[] = [];
  let lastGroupRisky = false;
  let prevWasGroup = false;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const n = pattern[i + 1] ?? '';
      if (!inClass && (/[1-9]/.test(n) || (n === 'k' && pattern[i + 2] === '<'))) return 'backreferences are not allowed';
      i++;
      prevWasGroup = false;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      prevWasGroup = false;
      continue;
    }
    if (c === '(') {
      stack.push({ risky: false });
      prevWasGroup = false;
      // Skip the group's kind marker, (?: (?= (?! (?<= (?<! (?<name>, so its '?' is no quantifier.
      const kind = /^\(\?(?:[:=!]|<[=!]|<[A-Za-z_$][\w$]*>)/.exec(pattern.slice(i));
      if (kind) i += kind[0].length - 1;
      continue;
    }
    if (c === ')') {
      const g = stack.pop();
      lastGroupRisky = g?.risky ?? false;
      // A group's risk is its parent's risk too: ((a+))+ nests the quantifier one level deeper.
      if (lastGroupRisky && stack.length > 0) stack[stack.length - 1].risky = true;
      prevWasGroup = true;
      continue;
    }
    if (c === '|') {
      if (stack.length > 0) stack[stack.length - 1].risky = true;
      prevWasGroup = false;
      continue;
    }
    const quant = c === '*' || c === '+' || c === '?' || (c === '{' && /^\{\d+(,\d*)?\}/.test(pattern.slice(i)));
    if (quant) {
      if (prevWasGroup && lastGroupRisky && c !== '?') return 'a repeated group contains a repetition or an alternation';
      if (stack.length > 0) stack[stack.length - 1].risky = true;
      if (c === '{') i = pattern.indexOf('}', i);
      // A lazy or possessive marker after a quantifier is part of it.
      if (pattern[i + 1] === '?') i++;
      prevWasGroup = false;
      continue;
    }
    prevWasGroup = false;
  }
  return undefined;
}
