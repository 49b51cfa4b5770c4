// Declares a subcommand once — options, arguments, output formats, examples, exit codes — and gets
// parsing, `--help`, the error line format and the exit-code check for free.
import type { CliCommand, CliIO } from '../CliCommand.js';
import { commandHelp } from './commandHelp.js';
import { errorText, isFailure, usageError, type CliFailure } from './errorLines.js';
import { COMMON_EXIT_CODES } from './exitCodes.js';
import type { ArgSpec, ArgValues, FormatSpec, OptionSpecs, OptionValues } from './optionTypes.js';
import { parseCommandLine } from './parseCommandLine.js';

/** What a command's `run` receives, typed from its declaration. */
export interface CommandInput<O extends OptionSpecs, A extends readonly ArgSpec[], F extends string> {
  options: OptionValues<O>;
  args: ArgValues<A>;
  /** The chosen `--format` (the first choice when none is given). */
  format: F;
}

export interface CommandDefinition<O extends OptionSpecs, A extends readonly ArgSpec[], F extends string> {
  name: string;
  /** One line, for `ansflow --help` and the head of `ansflow <name> --help`. */
  summary: string;
  /** Paragraphs printed under the usage line. */
  description?: string;
  options?: O;
  args?: A;
  /** Declare an output choice here, never as an option: the flag is `--format` for every command. */
  format?: FormatSpec<F>;
  examples?: ReadonlyArray<{ command: string; about: string }>;
  /** What each code this command can end with means; 2 (usage) and 3 (internal) are added unless reworded. */
  exitCodes: Readonly<Record<number, string>>;
  /** The exit code, or a failure value the wrapper prints as `ansflow: error: …` plus a hint. */
  run(input: CommandInput<O, A, F>, io: CliIO): Promise<number | CliFailure>;
}

function asksForHelp(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- a command without options
export function defineCommand<const O extends OptionSpecs = {}, const A extends readonly ArgSpec[] = [], const F extends string = never>(def: CommandDefinition<O, A, F>): CliCommand {
  const options: OptionSpecs = def.options ?? {};
  const args: readonly ArgSpec[] = def.args ?? [];
  if ('format' in options || 'json' in options) throw new Error(`ansflow ${def.name}: declare output formats with 'format', not as an option`);
  const exitCodes = { ...COMMON_EXIT_CODES, ...def.exitCodes };
  const source = { ...def, options, args, format: def.format as FormatSpec<string> | undefined, examples: def.examples ?? [], exitCodes };
  const seeHelp = `see 'ansflow ${def.name} --help'`;
  return {
    name: def.name,
    summary: def.summary,
    exitCodes,
    help: () => commandHelp(source),
    declaration: { options, args, format: source.format },
    async run(argv, io) {
      if (asksForHelp(argv)) {
        io.stdout.write(commandHelp(source));
        return 0;
      }
      const parsed = parseCommandLine(argv, source);
      let result: number | CliFailure;
      if ('error' in parsed) result = usageError(parsed.error, parsed.suggestion ? `did you mean ${parsed.suggestion}? ${seeHelp}` : seeHelp);
      else {
        for (const w of parsed.warnings) io.stderr.write(`ansflow: warning: ${w}\n`);
        result = await def.run({ options: parsed.options, args: parsed.args, format: parsed.format } as CommandInput<O, A, F>, io);
      }
      if (isFailure(result)) {
        io.stderr.write(errorText(result.errors, result.hint ?? (result.exit === 2 ? seeHelp : undefined)));
        result = result.exit;
      }
      // The documented table is the contract: a code outside it is a bug, reported as one.
      if (!(result in exitCodes)) throw new Error(`'ansflow ${def.name}' ended with exit code ${result}, which its exit-code table does not list`);
      return result;
    },
  };
}
