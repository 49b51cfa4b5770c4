// `--color auto|always|never` for commands that colour their output, with the NO_COLOR convention
// (no-color.org): auto colours only a terminal and only when NO_COLOR is unset or empty; an explicit
// --color always wins over the environment, as a command-line choice should.
import type { CliIO } from '../CliCommand.js';
import { usageError, type CliFailure } from './errorLines.js';

const COLOR_CHOICES = ['auto', 'always', 'never'] as const;

/** Spread into a command's `options`. */
export const COLOR_OPTIONS = {
  color: { type: 'string', value: COLOR_CHOICES.join('|'), default: 'auto', help: 'colour the output: auto (a terminal, unless NO_COLOR is set), always or never' },
  // The spelling before --color; kept for old scripts.
  'no-color': { type: 'boolean', hidden: true, help: 'same as --color never' },
} as const;

/** Whether to colour, or a usage error for a value outside the choices. */
export function useColor(values: { color: string; 'no-color': boolean }, io: Pick<CliIO, 'env' | 'stdout'>): boolean | CliFailure {
  if (!(COLOR_CHOICES as readonly string[]).includes(values.color)) return usageError(`--color expects ${COLOR_CHOICES.join(', ')}, got '${values.color.slice(0, 40)}'`);
  if (values['no-color'] || values.color === 'never') return false;
  if (values.color === 'always') return true;
  return !io.env.NO_COLOR && !!io.stdout.isTTY;
}
