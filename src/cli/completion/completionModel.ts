// What shell completion needs to know about each command, read off the same declarations that
// `--help` and the parser use, so a new option completes without touching the scripts.
import type { CliCommand } from '../CliCommand.js';

export interface CompletedFlag {
  /** `--name`. */
  long: string;
  /** `-x`, when the option has a one-letter alias. */
  short?: string;
  help: string;
  /** What the value completes to; undefined for a switch. */
  value?: { kind: 'steps'; jobs?: true } | { kind: 'choices'; choices: readonly string[] } | { kind: 'file' };
}

export interface CompletedCommand {
  name: string;
  summary: string;
  flags: CompletedFlag[];
  /** Positionals are pipeline files (`*.ansflow.y*ml`), other paths, or free text. */
  positional: 'pipeline' | 'path' | 'none';
}

/** The hidden command that prints a file's step ids (and job names with `--jobs`) for step-valued options. */
export const COMPLETE_STEPS_COMMAND = '__complete-steps';
export const WITH_JOBS_FLAG = '--jobs';

// Option values named `step` are step ids of the pipeline on the line (`--from`, `--approve`), and
// `step-or-job` adds its job names (`--target`); a placeholder such as `auto|always|never` lists the choices.
const STEP_VALUE = 'step';
const TARGET_VALUE = 'step-or-job';

function valueOf(o: { type: string; value?: string }): CompletedFlag['value'] {
  if (o.type === 'boolean') return undefined;
  if (o.type !== 'number' && o.value === STEP_VALUE) return { kind: 'steps' };
  if (o.type !== 'number' && o.value === TARGET_VALUE) return { kind: 'steps', jobs: true };
  if (o.type !== 'number' && o.value?.includes('|')) return { kind: 'choices', choices: o.value.split('|') };
  return { kind: 'file' };
}

export function completionModel(commands: readonly CliCommand[]): CompletedCommand[] {
  return commands.map((c) => {
    const d = c.declaration ?? { options: {}, args: [] };
    const flags: CompletedFlag[] = [];
    if (d.format) {
      flags.push({ long: '--format', short: '-f', help: d.format.help ?? 'output format', value: { kind: 'choices', choices: d.format.choices } });
      for (const [name, a] of Object.entries(d.format.aliases ?? {})) if (!a.deprecated) flags.push({ long: `--${name}`, help: a.help ?? `same as --format ${a.value}` });
    }
    for (const [key, o] of Object.entries(d.options)) {
      if (o.hidden) continue;
      const value = valueOf(o);
      flags.push({ long: `--${key}`, ...(o.short ? { short: `-${o.short}` } : {}), help: o.help, ...(value ? { value } : {}) });
    }
    flags.push({ long: '--help', short: '-h', help: 'print this help' });
    const first = d.args[0];
    const positional = !first ? 'none' : /pipeline file/i.test(first.help) ? 'pipeline' : /file|folder|path/i.test(first.help) ? 'path' : 'none';
    return { name: c.name, summary: c.summary, flags, positional };
  });
}
