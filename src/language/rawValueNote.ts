// The hover note on a `${{ }}` inside a tool step's `with` key that the step substitutes itself
// (the step types' `raw` keys, see WithValueKind): how that value reaches the tool without becoming
// code there. The notes restate docs/pipeline-format.md, per step type.
import type { Step } from '../core/pipeline/model.js';

const ARGV = 'docker.run splits this command line into arguments first, then puts the value inside its argument: it is exactly one argument, never more arguments or another program.';
const SHELL_IN_POD = "The value reaches the pod's shell in a variable (kept in the Job's Secret), quoted for its place like in `shell` steps: never read as shell code.";
const YAML = 'The manifest is parsed first and the value is set as a YAML value: a whole unquoted `${{ }}` keeps its type, anything else is a string. A newline or `---` in the value cannot add fields or objects.';
const HELM = 'Values from expressions are escaped for `--set` (`\\` before `,` `=` `.` `[` `]` `{` `}`), so a value like `a,b=c` sets only this key.';
const EXTRA_VARS = "Passed in a 0600 vars file (`-e @file`) and tagged `!unsafe`: Ansible never evaluates `{{ }}` inside the value. Text you write yourself is still templated by Ansible.";
const ADHOC_ARGS = 'The value is passed as an `!unsafe` extra variable that the arguments refer to: it cannot add `key=value` pairs, and for command/shell modules it is one shell-quoted word.';
const TEMPLATE = 'Text templating: the value is inserted once and never evaluated again; it is not escaped for the language of the written file.';

const NOTES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'docker.run': { command: ARGV, entrypoint: ARGV },
  'kubernetes.job': { script: SHELL_IN_POD, command: SHELL_IN_POD },
  'kubernetes.apply': { manifest: YAML },
  'helm.install': { set: HELM, setString: HELM },
  'helm.upgrade': { set: HELM, setString: HELM },
  'ansible.playbook': { extraVars: EXTRA_VARS, 'extra-vars': EXTRA_VARS, extra_vars: EXTRA_VARS },
  'ansible.adhoc': { args: ADHOC_ARGS, extraVars: EXTRA_VARS, 'extra-vars': EXTRA_VARS, extra_vars: EXTRA_VARS },
};

/** The note for the expression at `offset` when the step substitutes that `with` key itself, else undefined. */
export function rawValueNote(step: Step | undefined, offset: number): string | undefined {
  if (!step?.type) return undefined;
  const e = step.expressions.find((x) => x.path[0] === 'with' && x.range.start <= offset && offset <= x.range.end);
  const key = e ? String(e.path[1]) : undefined;
  if (!key) return undefined;
  let note = NOTES[step.type]?.[key];
  if (step.type === 'file' && step.with.action === 'template' && key === 'content') note = TEMPLATE;
  // A list `command` of kubernetes.job is argv, not shell text.
  if (step.type === 'kubernetes.job' && key === 'command' && Array.isArray(step.with.command)) note = 'A list `command` is argv: the value is exactly one argument.';
  return note ? `**Values never become code** (${step.type} \`${key}\`)\n\n${note}` : undefined;
}
