// The vocabulary a command uses to declare its command line; the parsed values are typed from it.

interface OptionBase {
  /** One line for `--help`. */
  help: string;
  /** A one-letter alias (`-p`). */
  short?: string;
  /** Accepted but left out of `--help` (kept for old scripts). */
  hidden?: boolean;
}

/** `--name value`; undefined when absent unless a default is given. */
export interface StringOption extends OptionBase {
  type: 'string';
  /** The placeholder in `--help` (`--store <dir>`). */
  value?: string;
  default?: string;
}

/** `--name value`, repeatable; always an array. */
export interface ListOption extends OptionBase {
  type: 'list';
  value?: string;
}

/** `--name`; true when present. */
export interface BooleanOption extends OptionBase {
  type: 'boolean';
}

/** `--name N`, checked before the command runs so every command words the refusal the same way. */
export interface NumberOption extends OptionBase {
  type: 'number';
  value?: string;
  default?: number;
  integer?: boolean;
  /** Inclusive lower bound. */
  min?: number;
  /** Exclusive lower bound. */
  above?: number;
}

export type OptionSpec = StringOption | ListOption | BooleanOption | NumberOption;
export type OptionSpecs = Record<string, OptionSpec>;

export type OptionValue<O extends OptionSpec> = O extends BooleanOption
  ? boolean
  : O extends ListOption
    ? string[]
    : O extends NumberOption
      ? O extends { default: number }
        ? number
        : number | undefined
      : O extends { default: string }
        ? string
        : string | undefined;

export type OptionValues<O extends OptionSpecs> = { -readonly [K in keyof O]: OptionValue<O[K]> };

/** A positional argument. Optional and variadic ones come last. */
export interface ArgSpec {
  name: string;
  help: string;
  optional?: boolean;
  /** Takes every remaining positional (an array, possibly empty when optional). */
  variadic?: boolean;
}

export type ArgValues<A extends readonly ArgSpec[]> = {
  [S in A[number] as S['name']]: S extends { variadic: true } ? string[] : S extends { optional: true } ? string | undefined : string;
};

/** Another spelling of a `--format` value (`--json` for `--format json`). */
export interface FormatAlias<F extends string> {
  value: F;
  help?: string;
  /** Still accepted, hidden from `--help`, and a warning names the `--format` spelling. */
  deprecated?: boolean;
}

/**
 * The one output-format flag, `--format` (`-f`). Commands with a machine-readable output declare it
 * here instead of as an option, so the flag has the same name everywhere; the first choice is the default.
 */
export interface FormatSpec<F extends string> {
  choices: readonly F[];
  help?: string;
  aliases?: Record<string, FormatAlias<F>>;
}
