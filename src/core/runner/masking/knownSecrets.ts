// Secret values of this process's recent runs, so that an error caught far from its run (the CLI's
// last resort handler, an editor command) is masked before it is printed or shown.
import { ToolError } from '../../contracts/result.js';
import { SecretMasker } from './SecretMasker.js';

/** Runs whose secrets are remembered; older ones are forgotten. */
const KEPT_RUNS = 16;
const recent: string[][] = [];
let masker: SecretMasker | undefined;

/** Remembers one run's secret values. */
export function rememberSecrets(values: string[]): void {
  if (!values.length) return;
  recent.push(values);
  if (recent.length > KEPT_RUNS) recent.shift();
  masker = undefined;
}

/** Masks the secrets of every remembered run in `text`. */
export function maskKnownSecrets(text: string): string {
  if (!recent.length) return text;
  masker ??= new SecretMasker(recent.flat());
  return masker.mask(text);
}

/** The same error with its message, hint and stack masked (a ToolError stays a ToolError). */
export function maskError(e: unknown, mask: (text: string) => string = maskKnownSecrets): Error {
  if (!(e instanceof Error)) return new Error(mask(String(e)));
  const out = e instanceof ToolError ? new ToolError(e.code, mask(e.message), e.hint === undefined ? undefined : mask(e.hint)) : new Error(mask(e.message));
  if (!(e instanceof ToolError)) out.name = e.name;
  out.stack = e.stack === undefined ? undefined : mask(e.stack);
  return out;
}
