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
  value?: { kind: 'steps' } | { kind: 'choices'; choices: readonly string[] } | { kind: 'file' };
}

export interface CompletedCommand {
  name: string;
  summary: string;
  flags: CompletedFlag[];
  /** Positionals are pipeline files (`*.ansflow.y*ml`), other paths, or free text. */
  positional: 'pipeline' | 'path' | 'none';
}

/** The hidden command that prints a file's step ids for step-valued options. */
export const COMPLETE_STEPS_COMMAND = '__complete-steps';

// Option values named `step` are step ids of the pipeline on the line (`--from`, `--approve`);
// a placeholder such as `auto|always|never` lists the choices.
const STEP_VALUE = 'step';

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
      const value: CompletedFlag['value'] =
        o.type === 'boolean' ? undefined : o.type !== 'number' && o.value === STEP_VALUE ? { kind: 'steps' } : o.type !== 'number' && o.value?.includes('|') ? { kind: 'choices', choices: o.value.split('|') } : { kind: 'file' };
      flags.push({ long: `--${key}`, ...(o.short ? { short: `-${o.short}` } : {}), help: o.help, ...(value ? { value } : {}) });
    }
    flags.push({ long: '--help', short: '-h', help: 'print this help' });
    const first = d.args[0];
    const positional = !first ? 'none' : /pipeline file/i.test(first.help) ? 'pipeline' : /file|folder|path/i.test(first.help) ? 'path' : 'none';
    return { name: c.name, summary: c.summary, flags, positional };
  });
}
