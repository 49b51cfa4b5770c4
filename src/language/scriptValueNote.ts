// The hover note on a `${{ }}` inside a shell, python or node script: how the runner passes that
// value there (values never become code), or why it cannot and what to do instead.
import type { Step } from '../core/pipeline/model.js';
import { SCRIPT_KEYS } from '../core/pipeline/validate/validateScriptInjection.js';
import { analyzeScript, type SiteContext } from '../core/runner/inject/index.js';

function explain(context: SiteContext): string {
  switch (context.kind) {
    case 'unquoted':
      return 'The runner passes this value in an environment variable and writes `"${AF_n}"` here: one word, never read as shell code. To split it into several words, set it under `env:` and use an unquoted `$VAR`.';
    case 'double':
    case 'heredoc':
      return 'The runner passes this value in an environment variable and writes `${AF_n}` here, inside the quotes: never read as shell code.';
    case 'single':
      return "The runner closes the single quotes around a variable holding this value (`'\"${AF_n}\"'`): never read as shell code.";
    case 'code':
      return 'The runner passes this value as JSON in an environment variable and reads it here (`json.loads(os.environ[…])` / `JSON.parse(process.env.…)`), so its type survives and it is never read as code.';
    case 'py-string':
    case 'js-string':
      return 'The runner escapes this value for the string literal it sits in, so it cannot end the literal or run as code.';
    case 'comment':
      return 'This is inside a comment; the value is not written here.';
    case 'error':
      return `${context.problem.message.replace(/^./, (c) => c.toUpperCase())}.`;
  }
}

/** The note for the expression at `offset` when it sits in one of `step`'s scripts, else undefined. */
export function scriptValueNote(step: Step | undefined, offset: number): string | undefined {
  const keys = step?.type ? SCRIPT_KEYS[step.type] : undefined;
  if (!step || !keys) return undefined;
  for (const [key, language] of Object.entries(keys)) {
    const script = step.with[key];
    if (typeof script !== 'string') continue;
    const occurrences = step.expressions.filter((e) => e.path.length === 2 && e.path[0] === 'with' && e.path[1] === key);
    const i = occurrences.findIndex((e) => e.range.start <= offset && offset <= e.range.end);
    if (i < 0) continue;
    const sites = analyzeScript(language, script);
    if (sites.length !== occurrences.length) return undefined;
    const site = sites[i]!;
    const warning = site.warning ? `\n\n⚠ ${site.warning}: that program parses the value again, so it can run as code there.` : '';
    return `**Values never become code** (${language})\n\n${explain(site.context)}${warning}`;
  }
  return undefined;
}
