// Evaluates a step's `with` so values never become code: each key is substituted the way its
// step type declares (StepType.withValues); script keys read values through variables.
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StepType } from '../contracts/StepType.js';
import { injectScript, isPosixShell } from './inject/index.js';
import { holdsSecret, markSecretInScript } from './inject/secretInScript.js';
import { rememberGivenValues } from './outputs/givenValues.js';
import { evaluateExpression, interpolateDeep, type ExpressionContext } from './pipelineApi.js';

/** What evaluating a `with` put beside it: variables carrying script values, raw keys evaluated for the fingerprint. */
export interface InjectedValues {
  env: Record<string, string>;
  raw?: Record<string, unknown>;
  fileHashes?: Map<string, string>;
}

/** The injected values as the up-to-date fingerprint sees them: a value file by its content's hash (its path is random). */
export function fingerprintValues(injected: { env: Record<string, string>; fileHashes?: Map<string, string> } | undefined): Record<string, string> | undefined {
  if (!injected) return undefined;
  const hashes = injected.fileHashes;
  if (!hashes?.size) return injected.env;
  return Object.fromEntries(Object.entries(injected.env).map(([k, v]) => [k, hashes.has(v) ? `file:sha256:${hashes.get(v)}` : v]));
}

/**
 * `with` after evaluation. `raw` keys are left for the step type; script keys (`shell`, `python`,
 * `node`) get each `${{ }}` replaced by a reference to a variable holding its value (recorded in
 * the returned `injected`), so no value is ever read as code; other keys are interpolated as values.
 */
export function interpolateWith(
  type: StepType,
  w: Record<string, unknown>,
  ctx: ExpressionContext,
  valueDir: string,
  defaultShell: string | undefined,
): { with: Record<string, unknown>; injected?: InjectedValues } {
  const kinds = type.withValues;
  if (!kinds) return { with: interpolateDeep(w, ctx) };
  const out: Record<string, unknown> = {};
  const env: Record<string, string> = {};
  const raw: Record<string, unknown> = {};
  const fileHashes = new Map<string, string>();
  // A value too large for the environment goes through a private file in the run's temp folder.
  const writeValueFile = (text: string) => {
    const path = join(valueDir, `value-${randomBytes(8).toString('hex')}`);
    writeFileSync(path, text, { mode: 0o600, flag: 'wx' });
    fileHashes.set(path, createHash('sha256').update(text).digest('hex'));
    return path;
  };
  for (const [k, v] of Object.entries(w)) {
    const kind = kinds[k];
    if (kind === 'raw') {
      out[k] = v;
      // Only for the up-to-date fingerprint (the step substitutes raw keys itself); an expression
      // that fails here fails in the step, with its own message.
      try {
        raw[k] = interpolateDeep(v, ctx);
      } catch {
        raw[k] = v;
      }
    } else if ((kind === 'shell' || kind === 'python' || kind === 'node') && typeof v === 'string') {
      const shell = typeof w.shell === 'string' ? w.shell : defaultShell;
      if (kind === 'shell' && v.includes('${{') && !isPosixShell(shell)) {
        throw new Error(`with.${k}: values are substituted only into POSIX shell scripts (sh, bash, dash, zsh, ksh), not ${shell}: move the value to \`env:\` and read the variable`);
      }
      let r;
      let secretSeen = false;
      const evaluate = (source: string) => {
        const value = evaluateExpression(source, ctx);
        if (!secretSeen && holdsSecret(value, Object.values(ctx.secrets))) secretSeen = true;
        return value;
      };
      try {
        r = injectScript(kind, v, evaluate, { writeValueFile, firstIndex: Object.keys(env).length });
      } catch (e) {
        throw new Error(`with.${k}: ${e instanceof Error ? e.message : String(e)}`);
      }
      Object.assign(env, r.env);
      rememberGivenValues(out, r.texts);
      if (secretSeen) markSecretInScript(out);
      // The prologue shares the first line, so the script's line numbers do not move.
      out[k] = r.prologue ? `${r.prologue} ${r.script}` : r.script;
    } else out[k] = interpolateDeep(v, ctx);
  }
  return { with: out, ...(Object.keys(env).length || Object.keys(raw).length ? { injected: { env, raw, fileHashes } } : {}) };
}
