// Values in an ad-hoc module's `-a` text, without letting them become `key=value` pairs or Jinja: each
// value is handed over as an extra var (marked `!unsafe`) and the text refers to it, so Ansible's
// k=v split (which happens before templating, and keeps a `{{ … }}` block in one piece) sees only
// the reference. Source of truth for the split: ansible `parsing/splitter.py` (parse_kv, split_args).

/** Modules whose `-a` is a command line (free form) rather than `key=value` pairs. */
const FREE_FORM = new Set(['command', 'shell', 'raw', 'script', 'win_command', 'win_shell']);

/** The `key=` options parse_kv still takes out of a free-form command line (its check_raw list). */
const RAW_OPTIONS = new Set(['creates', 'removes', 'chdir', 'executable', 'warn', 'stdin', 'stdin_add_newline', 'strip_empty_ends']);

/** True for `command`, `ansible.builtin.shell`, `ansible.legacy.raw` and the like. */
export function isFreeFormModule(module: string): boolean {
  return FREE_FORM.has(module.replace(/^(ansible\.(builtin|legacy|windows)|community\.windows)\./, ''));
}

/** One value occurrence in the `-a` text: its offsets and the extra var that will hold it. */
export interface AdhocArgValue {
  start: number;
  end: number;
  varName: string;
}

/**
 * The `-a` text with each value occurrence replaced by a reference to its extra var. In a free-form
 * module the reference is shell-quoted (`| quote`), so the value is one word of the command line —
 * except as the value of one of the module's own `key=` options, where it is used as is.
 */
export function getAdhocArgsText(args: string, module: string, values: AdhocArgValue[]): string {
  const freeForm = isFreeFormModule(module);
  let out = '';
  let last = 0;
  for (const v of values) {
    const tokenStart = Math.max(args.lastIndexOf(' ', v.start - 1), args.lastIndexOf('\t', v.start - 1), args.lastIndexOf('\n', v.start - 1)) + 1;
    const prefix = args.slice(tokenStart, v.start);
    const asOption = /^[A-Za-z_]+=$/.test(prefix) && (!freeForm || RAW_OPTIONS.has(prefix.slice(0, -1)));
    out += args.slice(last, v.start) + (freeForm && !asOption ? `{{ ${v.varName} | quote }}` : `{{ ${v.varName} }}`);
    last = v.end;
  }
  return out + args.slice(last);
}
