// Finds the quoting context of each `${{ }}` in a POSIX shell / bash script: unquoted, inside "…",
// '…', an unquoted or quoted heredoc, arithmetic, a comment, or a string a command parses again
// (eval, sh -c). A small lexer, not a full parser: it follows quotes, $( ), ` `, ${ }, $(( )),
// heredocs and comments, which is what decides how a value must be referenced.
import { refuse as problem, type Site, type Span } from './sites.js';

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'ash', 'mksh', 'busybox']);
/** Commands that read an argument as code of their own language. */
const REPARSERS = new Set(['awk', 'gawk', 'mawk', 'nawk', 'sed', 'perl', 'python', 'python3', 'node', 'ruby', 'php', 'jq', 'psql', 'mysql', 'sqlite3', 'su', 'osascript', 'powershell', 'pwsh']);
/** Words that run the command after them (options and numbers after them are skipped too). */
const WRAPPERS = new Set(['sudo', 'env', 'exec', 'command', 'builtin', 'nohup', 'time', 'nice', 'timeout', 'xargs', 'stdbuf', 'doas', 'setsid', 'then', 'do', 'else', 'elif', 'if', 'while', 'until', '!', '{', '(']);
const ARITH_OPS = new Set(['-eq', '-ne', '-lt', '-le', '-gt', '-ge']);

interface Flag {
  reparse?: string;
  warn?: string;
}

interface CmdFrame {
  type: 'cmd';
  /** ')' for $( ), '`' for backticks, undefined at top level. */
  closer?: ')' | '`';
  depth: number;
  words: string[];
  cur: string;
  inWord: boolean;
  /** Site indices in the word being read, and in the last completed one (for `[[ x -eq y ]]`). */
  curSites: number[];
  lastSites: number[];
  flag: Flag;
}
interface DoubleFrame {
  type: 'dq';
  flag: Flag;
}
interface SingleFrame {
  type: 'sq';
  flag: Flag;
}
interface AnsiFrame {
  type: 'ansi';
  flag: Flag;
}
interface ArithFrame {
  type: 'arith';
  closer: '))' | ']';
  depth: number;
  flag: Flag;
}
interface ParamFrame {
  type: 'param';
  /** Offset right after `${`: a value there would be a variable name. */
  nameAt: number;
  quoted: boolean;
  subscript: boolean;
  flag: Flag;
}
type Frame = CmdFrame | DoubleFrame | SingleFrame | AnsiFrame | ArithFrame | ParamFrame;

interface PendingHeredoc {
  delim: string;
  stripTabs: boolean;
  quoted: boolean;
  flag: Flag;
}

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** A `$NAME` the outer shell expands inside text another program parses again (eval, sh -c, ssh). */
export interface ReparsedVariable {
  name: string;
  start: number;
  end: number;
  /** Why it is parsed again, e.g. "eval runs its arguments as shell code". */
  reason: string;
}

/** Index of the command word in `words`, skipping assignments, wrappers and their options. */
function commandIndex(words: string[]): number {
  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) || WRAPPERS.has(basename(w)) || (i > 0 && WRAPPERS.has(basename(words[i - 1]!)) && (/^-/.test(w) || /^\d+[smhd]?$/.test(w)))) i++;
    else break;
  }
  return i;
}

/** What reading the next word of this command as data means: re-parsed (an error) or passed on (a warning). */
function roleOf(words: string[]): Flag {
  const index = words.length;
  const ci = commandIndex(words);
  if (index <= ci) return {};
  const cmd = basename(words[ci]!);
  if (cmd === 'eval') return { reparse: 'eval runs its arguments as shell code' };
  if (cmd === 'let') return { reparse: 'let evaluates its arguments as arithmetic' };
  for (let j = ci; j < index; j++) {
    const b = basename(words[j]!);
    if (SHELLS.has(b)) {
      for (let k = j + 1; k < index; k++) {
        if (/^-[A-Za-z]*c[A-Za-z]*$/.test(words[k]!) && index === k + 1) return { reparse: `${b} -c runs this string as shell code` };
      }
    }
  }
  for (let j = ci; j < index; j++) {
    const b = basename(words[j]!);
    if (b === 'ssh') return { warn: 'ssh joins its arguments into a command line the remote shell parses again' };
    if (REPARSERS.has(b)) return { warn: `${b} may read this argument as code of its own` };
  }
  return {};
}

/** How a heredoc fed to this command is read. */
function heredocRole(words: string[]): Flag {
  const ci = commandIndex(words);
  const cmd = ci < words.length ? basename(words[ci]!) : '';
  if (SHELLS.has(cmd) && !words.slice(ci + 1).some((w) => /^-[A-Za-z]*c[A-Za-z]*$/.test(w))) return { reparse: `${cmd} runs this heredoc as a script` };
  if (cmd === 'ssh') return { warn: 'ssh feeds this heredoc to a remote shell' };
  if (REPARSERS.has(cmd)) return { warn: `${cmd} may read this heredoc as code of its own` };
  return {};
}

function merge(a: Flag, b: Flag): Flag {
  return { reparse: a.reparse ?? b.reparse, warn: a.warn ?? b.warn };
}

/**
 * The context of each span in a shell script. `spans` must be sorted and not overlap; the result
 * has one entry per span, in order.
 */
export function lexShell(text: string, spans: Span[], reparsedVariables?: ReparsedVariable[]): Site[] {
  const sites: Site[] = spans.map(() => ({ context: { kind: 'unquoted' } }));
  const top: CmdFrame = { type: 'cmd', depth: 0, words: [], cur: '', inWord: false, curSites: [], lastSites: [], flag: {} };
  const stack: Frame[] = [top];
  let pending: PendingHeredoc[] = [];
  let k = 0;
  let i = 0;

  const cmdFrame = (): CmdFrame => {
    for (let j = stack.length - 1; j >= 0; j--) if (stack[j]!.type === 'cmd') return stack[j] as CmdFrame;
    return top;
  };
  const append = (s: string) => {
    const c = cmdFrame();
    c.cur += s;
    c.inWord = true;
  };
  const endWord = (c: CmdFrame) => {
    if (!c.inWord) return;
    const inBracketTest = c.words[commandIndex(c.words)] === '[[';
    if (inBracketTest && ARITH_OPS.has(c.cur)) for (const s of c.lastSites) sites[s] = problem('arithmetic', 'in an arithmetic comparison');
    c.words.push(c.cur);
    c.lastSites = c.curSites;
    c.curSites = [];
    c.cur = '';
    c.inWord = false;
  };
  const endCommand = (c: CmdFrame) => {
    endWord(c);
    c.words = [];
    c.lastSites = [];
  };
  const flagHere = (): Flag => {
    const f = stack[stack.length - 1]!;
    return f.type === 'cmd' ? merge(f.flag, roleOf(f.words)) : f.flag;
  };
  const push = (f: Frame) => stack.push(f);

  const recordSpan = (site: Site) => {
    const f = stack[stack.length - 1]!;
    const c = cmdFrame();
    if (c.words[commandIndex(c.words)] === '[[' && ARITH_OPS.has(c.words[c.words.length - 1] ?? '') && site.context.kind !== 'error') {
      site = problem('arithmetic', 'in an arithmetic comparison');
    }
    sites[k] = site;
    c.curSites.push(k);
    if (f.type === 'cmd' || f.type === 'dq' || f.type === 'sq' || f.type === 'param') append('\u0001');
    i = spans[k]!.end;
    k++;
  };

  const skipHeredocs = () => {
    // Bodies start on the line after the operator, in the order the operators appeared.
    for (const h of pending) {
      const bodyStart = i;
      let pos = i;
      let end = text.length;
      let after = text.length;
      while (pos < text.length) {
        const eol = text.indexOf('\n', pos);
        const lineEnd = eol === -1 ? text.length : eol;
        const line = text.slice(pos, lineEnd);
        if ((h.stripTabs ? line.replace(/^\t+/, '') : line) === h.delim) {
          end = pos;
          after = eol === -1 ? text.length : eol + 1;
          break;
        }
        pos = lineEnd + 1;
      }
      while (k < spans.length && spans[k]!.start < end) {
        if (spans[k]!.start >= bodyStart) {
          if (h.quoted) sites[k] = problem('quoted-heredoc', "in a quoted heredoc (<<'EOF' keeps text literal)");
          else if (h.flag.reparse) sites[k] = problem('reparsed', `where ${h.flag.reparse}`);
          else sites[k] = { context: { kind: 'heredoc' }, ...(h.flag.warn ? { warning: h.flag.warn } : {}) };
        }
        k++;
      }
      i = after;
    }
    pending = [];
  };

  while (i < text.length) {
    if (k < spans.length && i >= spans[k]!.start) {
      if (i > spans[k]!.start) {
        k++;
        continue;
      }
      const f = stack[stack.length - 1]!;
      const flag = flagHere();
      const warning = flag.warn ? { warning: flag.warn } : {};
      if (flag.reparse && f.type !== 'arith') recordSpan(problem('reparsed', `where ${flag.reparse}`, f.type === 'dq' || (f.type === 'param' && f.quoted)));
      else if (f.type === 'cmd') recordSpan({ context: { kind: 'unquoted' }, ...warning });
      else if (f.type === 'dq') recordSpan({ context: { kind: 'double' }, ...warning });
      else if (f.type === 'sq') recordSpan({ context: { kind: 'single' }, ...warning });
      else if (f.type === 'ansi') recordSpan(problem('ansi-c-quote', "inside $'…'"));
      else if (f.type === 'arith') recordSpan(problem('arithmetic', 'in arithmetic ($(( )), (( )), let), which evaluates it'));
      else if (i === f.nameAt) recordSpan(problem('identifier', 'where a variable name is expected'));
      else if (f.subscript) recordSpan(problem('arithmetic', 'in an array subscript, which is evaluated as arithmetic'));
      else recordSpan({ context: { kind: f.quoted ? 'double' : 'unquoted' }, ...warning });
      continue;
    }
    const f = stack[stack.length - 1]!;
    const c = text[i]!;
    const next = text[i + 1];
    const escapesSpan = () => k < spans.length && spans[k]!.start === i + 1;

    if (f.type === 'sq') {
      if (c === "'") stack.pop();
      else append(c);
      i++;
      continue;
    }
    if (f.type === 'ansi') {
      if (c === '\\') {
        if (escapesSpan()) sites[k] = problem('escaped', 'right after a backslash');
        i += 2;
      } else {
        if (c === "'") stack.pop();
        i++;
      }
      continue;
    }
    if (f.type === 'arith') {
      if (c === '(') f.depth++;
      else if (c === ')' && f.depth > 0) f.depth--;
      else if (f.closer === '))' && c === ')' && next === ')') {
        stack.pop();
        i += 2;
        continue;
      } else if (f.closer === ']' && c === ']') stack.pop();
      i++;
      continue;
    }
    // cmd, dq and param frames share expansions and backslashes.
    if (reparsedVariables && c === '$' && /[A-Za-z_{]/.test(next ?? '')) {
      const m = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i, i + 256));
      const flag = flagHere();
      const reason = flag.reparse ?? flag.warn;
      if (m && reason) reparsedVariables.push({ name: m[1]!, start: i, end: i + m[0].length + (m[0][1] === '{' ? 1 : 0), reason });
    }
    if (c === '\\') {
      if (escapesSpan()) {
        sites[k] = problem('escaped', 'right after a backslash');
      }
      if (next !== '\n') append(next ?? '');
      i += 2;
      continue;
    }
    if (c === '$' && next === '(' && text[i + 2] === '(') {
      push({ type: 'arith', closer: '))', depth: 0, flag: flagHere() });
      append('$');
      i += 3;
      continue;
    }
    if (c === '$' && next === '(') {
      push({ type: 'cmd', closer: ')', depth: 0, words: [], cur: '', inWord: false, curSites: [], lastSites: [], flag: flagHere() });
      i += 2;
      continue;
    }
    if (c === '$' && next === '[') {
      push({ type: 'arith', closer: ']', depth: 0, flag: flagHere() });
      i += 2;
      continue;
    }
    if (c === '$' && next === '{') {
      push({ type: 'param', nameAt: i + 2, quoted: f.type === 'dq' || (f.type === 'param' && f.quoted), subscript: false, flag: flagHere() });
      append('$');
      i += 2;
      continue;
    }
    if (c === '`') {
      if (f.type === 'cmd' && f.closer === '`') {
        endCommand(f);
        stack.pop();
        append('`');
      } else push({ type: 'cmd', closer: '`', depth: 0, words: [], cur: '', inWord: false, curSites: [], lastSites: [], flag: flagHere() });
      i++;
      continue;
    }
    if (f.type === 'dq') {
      if (c === '"') stack.pop();
      else append(c);
      i++;
      continue;
    }
    if (f.type === 'param') {
      if (c === '}') stack.pop();
      else if (c === '[') f.subscript = true;
      else if (c === ']') f.subscript = false;
      else if (!f.quoted && c === "'") push({ type: 'sq', flag: f.flag });
      else if (c === '"') push({ type: 'dq', flag: f.flag });
      i++;
      continue;
    }
    // Unquoted command text.
    if (c === "'") {
      push({ type: 'sq', flag: flagHere() });
      append('');
      i++;
    } else if (c === '$' && next === "'") {
      push({ type: 'ansi', flag: flagHere() });
      append('');
      i += 2;
    } else if (c === '"') {
      push({ type: 'dq', flag: flagHere() });
      append('');
      i++;
    } else if (c === '#' && !f.inWord) {
      const eol = text.indexOf('\n', i);
      const stop = eol === -1 ? text.length : eol;
      while (k < spans.length && spans[k]!.start < stop) sites[k++] = { context: { kind: 'comment' } };
      i = stop;
    } else if (c === '\n') {
      endCommand(f);
      i++;
      if (pending.length) skipHeredocs();
    } else if (c === ' ' || c === '\t') {
      endWord(f);
      i++;
    } else if (c === '(' && next === '(' && !f.inWord && f.words.length === commandIndex(f.words)) {
      push({ type: 'arith', closer: '))', depth: 0, flag: f.flag });
      i += 2;
    } else if (c === '<' && next === '<' && text[i + 2] !== '<') {
      endWord(f);
      let j = i + 2;
      const stripTabs = text[j] === '-';
      if (stripTabs) j++;
      while (text[j] === ' ' || text[j] === '\t') j++;
      const m = /^[^\s;&|<>()]+/.exec(text.slice(j));
      const word = m ? m[0] : '';
      const quoted = /['"\\]/.test(word);
      pending.push({ delim: word.replace(/['"\\]/g, ''), stripTabs, quoted, flag: merge(f.flag, heredocRole(f.words)) });
      i = j + word.length;
    } else if (c === ';' || c === '&' || c === '|') {
      endCommand(f);
      i++;
    } else if (c === '(') {
      endCommand(f);
      f.depth++;
      i++;
    } else if (c === ')') {
      if (f.depth > 0) {
        f.depth--;
        endCommand(f);
      } else if (f.closer === ')') {
        endCommand(f);
        stack.pop();
        append('$()');
      } else endCommand(f);
      i++;
    } else {
      append(c);
      i++;
    }
  }
  return sites;
}
