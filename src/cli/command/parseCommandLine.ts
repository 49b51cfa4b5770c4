// Turns a command's argv into typed values by its declaration, or a usage error worded the same way
// for every command.
import { closestName } from '../../core/pipeline/index.js';
import type { ArgSpec, FormatSpec, NumberOption, OptionSpec, OptionSpecs } from './optionTypes.js';

export interface ParsedCommandLine {
  options: Record<string, unknown>;
  args: Record<string, string | string[] | undefined>;
  format: string | undefined;
  /** Deprecation notes for the wrapper to print; the command still runs. */
  warnings: string[];
}

export interface CommandLineError {
  error: string;
  /** A "did you mean" for an unknown option. */
  suggestion?: string;
}

type Flag = { kind: 'option'; key: string; spec: OptionSpec } | { kind: 'format' } | { kind: 'alias'; name: string; value: string; deprecated: boolean };

function flagTable(options: OptionSpecs, format: FormatSpec<string> | undefined): Map<string, Flag> {
  const flags = new Map<string, Flag>();
  for (const [key, spec] of Object.entries(options)) {
    flags.set(`--${key}`, { kind: 'option', key, spec });
    if (spec.short) flags.set(`-${spec.short}`, { kind: 'option', key, spec });
  }
  if (format) {
    flags.set('--format', { kind: 'format' });
    flags.set('-f', { kind: 'format' });
    for (const [name, a] of Object.entries(format.aliases ?? {})) flags.set(`--${name}`, { kind: 'alias', name, value: a.value, deprecated: !!a.deprecated });
  }
  return flags;
}

/** A user's token inside a message, cut so a hostile argument cannot flood the terminal. */
function clip(token: string): string {
  return token.length > 80 ? `${token.slice(0, 79)}…` : token;
}

function numberFits(n: number, spec: NumberOption): boolean {
  return Number.isFinite(n) && (!spec.integer || Number.isInteger(n)) && (spec.min === undefined || n >= spec.min) && (spec.above === undefined || n > spec.above);
}

/** `a whole number ≥ 1`, for the error message. */
export function numberWanted(spec: NumberOption): string {
  const bound = spec.min !== undefined ? ` ≥ ${spec.min}` : spec.above !== undefined ? ` > ${spec.above}` : '';
  return `${spec.integer ? 'a whole number' : 'a number'}${bound}`;
}

function list(items: readonly string[], last: 'or' | 'and'): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}

/** Parses `argv` by the declaration; `--help` is handled before this by the wrapper. */
export function parseCommandLine(argv: string[], decl: { options: OptionSpecs; args: readonly ArgSpec[]; format?: FormatSpec<string> }): ParsedCommandLine | CommandLineError {
  const flags = flagTable(decl.options, decl.format);
  const raw = new Map<string, string[] | boolean>();
  const formats: Array<{ spelling: string; value: string }> = [];
  const warnings: string[] = [];
  const positionals: string[] = [];

  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!token.startsWith('-') || token === '-') {
      positionals.push(token);
      continue;
    }
    const eq = token.startsWith('--') ? token.indexOf('=') : -1;
    const name = eq > 0 ? token.slice(0, eq) : token;
    const inline = eq > 0 ? token.slice(eq + 1) : undefined;
    const flag = flags.get(name);
    if (!flag) {
      const visible = [...flags.keys()].filter((f) => f.startsWith('--'));
      return { error: `unknown option '${clip(name)}'`, suggestion: closestName(name, visible) };
    }
    const takesValue = flag.kind === 'format' || (flag.kind === 'option' && flag.spec.type !== 'boolean');
    if (!takesValue) {
      if (inline !== undefined) return { error: `option '${name}' takes no value` };
      if (flag.kind === 'alias') {
        formats.push({ spelling: name, value: flag.value });
        if (flag.deprecated) warnings.push(`${name} is deprecated; use --format ${flag.value}`);
      } else if (flag.kind === 'option') raw.set(flag.key, true);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) return { error: `option '${name}' needs a value` };
    if (flag.kind === 'format') {
      formats.push({ spelling: `--format ${value}`, value });
      continue;
    }
    if (flag.kind !== 'option') continue;
    const prev = raw.get(flag.key);
    raw.set(flag.key, flag.spec.type === 'list' && Array.isArray(prev) ? [...prev, value] : [value]);
  }

  const options: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(decl.options)) {
    const given = raw.get(key);
    if (spec.type === 'boolean') options[key] = given === true;
    else if (spec.type === 'list') options[key] = Array.isArray(given) ? given : [];
    else {
      const text = Array.isArray(given) ? given[given.length - 1] : undefined;
      if (spec.type === 'string') options[key] = text ?? spec.default;
      else if (text === undefined) options[key] = spec.default;
      else {
        const n = text.trim() === '' ? NaN : Number(text);
        if (!numberFits(n, spec)) return { error: `--${key} expects ${numberWanted(spec)}, got '${clip(text)}'` };
        options[key] = n;
      }
    }
  }

  let format: string | undefined;
  if (decl.format) {
    const choices = decl.format.choices;
    const bad = formats.find((f) => !choices.includes(f.value));
    if (bad) return { error: `--format takes ${list(choices, 'or')}, got '${clip(bad.value)}'` };
    const distinct = [...new Set(formats.map((f) => f.value))];
    if (distinct.length > 1) return { error: `${list(formats.map((f) => f.spelling), 'and')} ask for different output formats; give one` };
    format = distinct[0] ?? choices[0];
  }

  const args: Record<string, string | string[] | undefined> = {};
  let next = 0;
  for (const a of decl.args) {
    if (a.variadic) {
      args[a.name] = positionals.slice(next);
      if (!a.optional && next >= positionals.length) return { error: `missing <${a.name}>` };
      next = positionals.length;
    } else if (next < positionals.length) args[a.name] = positionals[next++];
    else if (a.optional) args[a.name] = undefined;
    else return { error: `missing <${a.name}>` };
  }
  if (next < positionals.length) return { error: `unexpected argument '${clip(positionals[next]!)}'` };
  return { options, args, format, warnings };
}
