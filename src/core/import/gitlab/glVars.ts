// GitLab's predefined variables that have a counterpart in our `ci`/`run` contexts, and the `$VAR`
// expansion GitLab applies to variable values and a few keywords (image, cache key). Scripts keep
// their `$VAR`s: the shell expands them from `env:` as GitLab's runner does.

const PREDEFINED: Record<string, string> = {
  CI_COMMIT_BRANCH: 'ci.branch',
  CI_COMMIT_REF_NAME: '(ci.tag || ci.branch)',
  CI_COMMIT_REF_SLUG: '(ci.tag || ci.branch)',
  CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'ci.branch',
  CI_COMMIT_TAG: 'ci.tag',
  CI_COMMIT_SHA: 'ci.commit',
  CI_PIPELINE_SOURCE: 'ci.event',
  CI_PROJECT_PATH: 'ci.repository',
  CI_PIPELINE_ID: 'run.id',
};

/** Our expression for a predefined variable, if it has one. */
export function predefined(name: string): string | undefined {
  return PREDEFINED[name];
}

/** GitLab's own variable names: set by GitLab, empty when run elsewhere unless mapped. */
export function isGitlabVariable(name: string): boolean {
  return /^(CI|GITLAB)_/.test(name) || name === 'CI';
}

/** `$NAME` and `${NAME}` references in shell text (not `$$`-escaped). */
export function referencedVars(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\$\$|\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g)) if (m[1]) out.add(m[1]);
  return [...out];
}

export type Expand = (name: string) => { literal: string } | { expr: string };

/** A value with `$VAR` expanded: literal text where known, `${{ expr }}` otherwise; `$$` is `$`. */
export function expandValue(text: string, expand: Expand): string {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, a?: string, b?: string) => {
    const name = a ?? b;
    if (!name) return '$';
    const v = expand(name);
    return 'literal' in v ? v.literal : `\${{ ${v.expr} }}`;
  });
}
