// Values never become code, checked before a run: a `${{ }}` in a shell/python/node script where no
// safe substitution exists (a quoted heredoc, arithmetic, eval / sh -c strings, raw strings, names)
// is an error with a "move the value to env:" fix; a value or an `env:` variable handed to a program
// that parses its text again (eval, sh -c, ssh "…", awk, …) is a warning. The rule itself lives in
// src/core/runner/inject/ (the runner applies it; this reports it with positions).
import type { Diagnostic, TextRange } from '../../contracts/diagnostics.js';
import { analyzeScript, isPosixShell, type ScriptLanguage } from '../../runner/inject/injectScript.js';
import { lexShell, type ReparsedVariable } from '../../runner/inject/shellLexer.js';
import type { Pipeline, Step } from '../model.js';
import type { StepCache } from '../parse/stepCache.js';

/** The `with` keys each script step type runs as code (as declared by the step types' `withValues`). */
export const SCRIPT_KEYS: Readonly<Record<string, Readonly<Record<string, ScriptLanguage>>>> = {
  shell: { run: 'shell', script: 'shell', command: 'shell' },
  python: { script: 'python' },
  node: { script: 'node' },
};

/** An environment variable name for the value of `source`, e.g. `params.user-name` → `USER_NAME`. */
export function envNameFor(source: string, taken: Iterable<string> = []): string {
  const words = source.match(/[A-Za-z_][A-Za-z0-9_-]*/g) ?? [];
  const last = words.filter((w) => !['params', 'steps', 'outputs', 'secrets', 'matrix', 'env', 'inputs'].includes(w)).pop() ?? 'VALUE';
  let base = last.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  if (/^\d/.test(base)) base = `V_${base}`;
  const used = new Set(taken);
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
  return name;
}

/** The document range of the i-th occurrence of `token` in a script, found in the scalar's raw text. */
function locate(text: string, scalar: TextRange, script: string, at: number, token: string): TextRange {
  let nth = 0;
  for (let p = script.indexOf(token); p !== -1 && p < at; p = script.indexOf(token, p + 1)) nth++;
  let q = text.indexOf(token, scalar.start);
  while (q !== -1 && q < scalar.end && nth-- > 0) q = text.indexOf(token, q + 1);
  return q !== -1 && q + token.length <= scalar.end ? { start: q, end: q + token.length } : scalar;
}

function checkScript(step: Step, key: string, language: ScriptLanguage, script: string, pipeline: Pipeline, text: string, out: Diagnostic[]): void {
  const valueRange = step.withValueRanges[key];
  if (!valueRange) return;
  const occurrences = step.expressions.filter((e) => e.path.length === 2 && e.path[0] === 'with' && e.path[1] === key);
  const sites = analyzeScript(language, script);
  sites.forEach((site, i) => {
    const range = occurrences.length === sites.length ? occurrences[i]!.range : locate(text, valueRange, script, site.start, script.slice(site.start, site.end));
    if (site.context.kind === 'error') {
      const p = site.context.problem;
      const name = envNameFor(site.source, [...Object.keys(pipeline.env), ...Object.keys(step.env)]);
      const shellFix = language === 'shell' ? { fix: 'move-to-env', name, expression: site.source.trim(), reference: p.inDoubleQuotes ? `\\$${name}` : `$${name}` } : {};
      out.push({ severity: 'error', code: 'script-injection', message: `\${{${site.source}}}: ${p.message}`, range, data: { problem: p.code, language, ...shellFix } });
    } else if (site.warning) {
      out.push({ severity: 'warning', code: 'script-reparse', message: `\${{${site.source}}}: ${site.warning}; the value arrives as data here but that program reads it as code (pass it another way, e.g. a file or stdin)`, range, data: { language } });
    }
  });
  if (language !== 'shell') return;
  // Variables set from expressions in `env:` and expanded where the text is parsed again.
  const fromExpressions = new Set(
    Object.entries({ ...pipeline.env, ...step.env })
      .filter(([, v]) => String(v).includes('${{'))
      .map(([k]) => k),
  );
  if (!fromExpressions.size) return;
  const refs: ReparsedVariable[] = [];
  lexShell(script, [], refs);
  for (const r of refs) {
    if (!fromExpressions.has(r.name)) continue;
    out.push({
      severity: 'warning',
      code: 'script-reparse',
      message: `$${r.name} holds a value from an expression and is expanded where ${r.reason}: the value is parsed as code there (single-quote it so the inner program expands it)`,
      range: locate(text, valueRange, script, r.start, script.slice(r.start, r.end)),
      data: { language, variable: r.name },
    });
  }
}

function checkStep(step: Step, keys: Readonly<Record<string, ScriptLanguage>>, pipeline: Pipeline, text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  // As the runner picks it: the step's own shell, else the pipeline's defaults.shell.
  const shell = step.type !== 'shell' ? undefined : typeof step.with.shell === 'string' ? step.with.shell : pipeline.defaults.shell;
  for (const [key, language] of Object.entries(keys)) {
    const script = step.with[key];
    if (language === 'shell' && !isPosixShell(shell)) {
      if (typeof script === 'string') {
        for (const e of step.expressions.filter((x) => x.path.length === 2 && x.path[0] === 'with' && x.path[1] === key)) {
          out.push({ severity: 'error', code: 'script-injection', message: `values are substituted only into POSIX shell scripts (sh, bash, dash, zsh, ksh), not ${shell}: move the value to \`env:\` and read the variable`, range: e.range, data: { problem: 'shell', language } });
        }
      }
      continue;
    }
    if (typeof script === 'string' && script.includes('${{') || (typeof script === 'string' && language === 'shell' && /\beval\b|-c\b|\bssh\b/.test(script))) checkScript(step, key, language, script as string, pipeline, text, out);
  }
  return out;
}

/**
 * `script-injection` errors and `script-reparse` warnings for every script step of a pipeline. With an
 * editor's step cache, a step's findings are computed once per step text, pipeline `env:`,
 * `defaults.shell`, and for a job's step the job and its `env:` (all they read besides the step: env
 * names taken, env values holding expressions, the job's merged into its steps' env, the shell a step
 * without its own runs in). The same text moved to another job is checked again.
 */
export function validateScriptInjection(pipeline: Pipeline, text: string, cache?: StepCache): Diagnostic[] {
  const out: Diagnostic[] = [];
  const check = cache ? `script-injection ${JSON.stringify([pipeline.env, pipeline.defaults.shell ?? null])}` : '';
  const inJob = new Map(cache ? (pipeline.jobs ?? []).map((j) => [j.name, `${check} job ${JSON.stringify([j.name, j.env])}`]) : []);
  for (const step of [...pipeline.steps, ...pipeline.finally]) {
    const keys = step.type ? SCRIPT_KEYS[step.type] : undefined;
    // Steps from an included file carry ranges into that file; they are checked there.
    if (!keys || step.origin?.file) continue;
    const found = cache ? cache.stepFindings(step, (step.job !== undefined && inJob.get(step.job)) || check, () => checkStep(step, keys, pipeline, text)) : checkStep(step, keys, pipeline, text);
    for (const d of found) out.push(d);
  }
  return out;
}
