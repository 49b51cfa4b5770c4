// `ansflow <command> --help`, generated from the command's declaration so it lists exactly what the
// parser accepts (hidden and deprecated spellings excepted).
import type { ArgSpec, FormatSpec, OptionSpecs } from './optionTypes.js';

export interface HelpSource {
  name: string;
  summary: string;
  description?: string;
  options: OptionSpecs;
  args: readonly ArgSpec[];
  format?: FormatSpec<string>;
  examples: ReadonlyArray<{ command: string; about: string }>;
  exitCodes: Readonly<Record<number, string>>;
}

function argLabel(a: ArgSpec): string {
  const inner = `${a.name}${a.variadic ? '…' : ''}`;
  return a.optional ? `[${inner}]` : `<${inner}>`;
}

function columns(rows: Array<[string, string]>): string[] {
  const width = Math.min(32, Math.max(...rows.map(([l]) => l.length)));
  return rows.map(([l, r]) => (l.length > width ? `  ${l}\n  ${''.padEnd(width)}  ${r}` : `  ${l.padEnd(width)}  ${r}`));
}

/** The synopsis line: `ansflow run [options] <file>`. */
export function synopsis(src: HelpSource): string {
  const hasOptions = !!src.format || Object.values(src.options).some((o) => !o.hidden);
  return ['ansflow', src.name, ...(hasOptions ? ['[options]'] : []), ...src.args.map(argLabel)].join(' ');
}

export function commandHelp(src: HelpSource): string {
  const out = [`ansflow ${src.name} — ${src.summary}`, '', `Usage: ${synopsis(src)}`];
  if (src.description) out.push('', src.description);
  if (src.args.length) out.push('', 'Arguments:', ...columns(src.args.map((a) => [argLabel(a), a.help])));
  const rows: Array<[string, string]> = [];
  if (src.format) {
    rows.push([`-f, --format <${src.format.choices.join('|')}>`, `${src.format.help ?? 'output format'} (default: ${src.format.choices[0]})`]);
    for (const [name, a] of Object.entries(src.format.aliases ?? {})) if (!a.deprecated) rows.push([`--${name}`, a.help ?? `same as --format ${a.value}`]);
  }
  for (const [key, o] of Object.entries(src.options)) {
    if (o.hidden) continue;
    const value = o.type === 'boolean' ? '' : ` <${o.value ?? 'value'}>`;
    const dflt = (o.type === 'string' || o.type === 'number') && o.default !== undefined ? ` (default: ${o.default})` : '';
    rows.push([`${o.short ? `-${o.short}, ` : '    '}--${key}${value}`, `${o.help}${o.type === 'list' ? ' (repeatable)' : ''}${dflt}`]);
  }
  rows.push(['-h, --help', 'print this help']);
  out.push('', 'Options:', ...columns(rows));
  if (src.examples.length) out.push('', 'Examples:', ...src.examples.flatMap((e) => [`  ${e.command}`, `      ${e.about}`]));
  const codes = Object.entries(src.exitCodes).sort(([a], [b]) => Number(a) - Number(b));
  out.push('', 'Exit codes:', ...columns(codes.map(([c, text]) => [c, text])));
  return `${out.join('\n')}\n`;
}
