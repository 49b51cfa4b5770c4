// `--param key=value`, shared by the commands that resolve a pipeline's params (run, plan).
import type { ListOption } from '../command/optionTypes.js';

export const PARAM_OPTION: ListOption = { type: 'list', short: 'p', value: 'key=value', help: "a pipeline param; the value may contain '='" };

/** Splits `k=v` params; a value may contain `=`. */
export function parseParams(list: string[]): { params: Record<string, string>; errors: string[] } {
  const params: Record<string, string> = {};
  const errors: string[] = [];
  for (const p of list) {
    const i = p.indexOf('=');
    if (i <= 0) errors.push(`--param expects key=value, got '${p.length > 80 ? `${p.slice(0, 79)}…` : p}'`);
    else params[p.slice(0, i)] = p.slice(i + 1);
  }
  return { params, errors };
}
