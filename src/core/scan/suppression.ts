// Suppression comments: `# ansflow-scan: ignore <rule>[, <rule>…] — reason` silences those rules for the
// object (or Dockerfile stage) it sits in or directly above; `# ansflow-scan: ignore-file <rule>…`
// silences them for the whole file. `all` matches every rule.

export interface Suppression {
  /** 1-based line of the comment. */
  line: number;
  scope: 'object' | 'file';
  rules: ReadonlySet<string>;
}

const COMMENT = /#\s*ansflow-scan:\s*(ignore-file|ignore)\s+(.*)$/;

/** Every suppression comment in a text. */
export function findSuppressions(text: string): Suppression[] {
  const out: Suppression[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.includes('ansflow-scan')) continue;
    const m = COMMENT.exec(lines[i]!);
    if (!m) continue;
    // The reason follows a dash (—, –, -- or -) set off by spaces.
    const ids = m[2]!.split(/\s+(?:—|–|--|-)\s+|\s+(?:—|–)|(?:—|–)\s+/)[0]!;
    const rules = new Set(ids.split(/[\s,]+/).filter(Boolean));
    if (rules.size) out.push({ line: i + 1, scope: m[1] === 'ignore-file' ? 'file' : 'object', rules });
  }
  return out;
}

/** The first line of an object moved up over the comment lines directly above it (where a suppression goes). */
export function spanStart(lines: readonly string[], firstLine: number): number {
  let l = firstLine;
  while (l > 1 && /^\s*#/.test(lines[l - 2]!)) l--;
  return l;
}

/** True when a finding of `rule` in the object spanning [from, to] (1-based lines) is suppressed. */
export function isSuppressed(sups: readonly Suppression[], rule: string, from: number, to: number): boolean {
  return sups.some((s) => (s.rules.has(rule) || s.rules.has('all')) && (s.scope === 'file' || (s.line >= from && s.line <= to)));
}
