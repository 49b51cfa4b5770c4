import type { DraftPath } from '../draft';
import { quoteSource, type ImportNotes } from '../shared/importNotes';
import type { TfFile, TfTask } from './taskLoad';
import { changesShell, deferTrap, onPlatforms, platformCheck, preconditionCheck, singleQuote, statusCheck } from './taskScript';
import { translateShell, translateValue, type VarUse } from './taskTemplate';
import { staticText, varScope } from './taskVars';
import { isRecord } from '../../util/isRecord';

// One task as one shell step: its deps and `task:` calls become `needs`, its commands one script
// (each command that changes the shell in a subshell of its own), and the checks Task makes before
// running it lines in `before:`.

function list(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

export interface ConvertedTask {
  step: Record<string, unknown>;
  /** Task names this one waits for (deps, then called tasks). */
  needs: string[];
  params: Set<string>;
}

const HANDLED = new Set(['desc', 'summary', 'aliases', 'label', 'prompt', 'deps', 'cmds', 'cmd', 'dir', 'env', 'vars', 'sources', 'generates', 'status', 'preconditions', 'requires', 'method', 'internal', 'silent', 'interactive', 'ignore_error', 'run', 'platforms', 'set', 'shopt', 'dotenv', 'watch', 'prefix']);

/** The task a call names, as Task resolves it from inside an included Taskfile. */
function calleeName(call: string, from: TfTask, known: Set<string>): string {
  if (call.startsWith(':')) return call.slice(1);
  const local = from.file.prefix + call;
  return known.has(local) ? local : call;
}

export function convertTask(task: TfTask, main: TfFile, known: Set<string>, path: DraftPath, notes: ImportNotes): ConvertedTask {
  const def = task.def;
  const scope = varScope(task, main);
  const needs: string[] = [];
  const step: Record<string, unknown> = { type: 'shell' };
  const env: Record<string, string> = {};
  const warnUntranslated = (where: string, items: string[]) => {
    for (const u of items) notes.warn('changed-meaning', path, `${where}: template ${u} has no counterpart and is left as written`);
  };

  for (const dep of list(def.deps)) {
    const spec = isRecord(dep) ? dep : { task: dep };
    if (typeof spec.task !== 'string') {
      notes.warn('dropped', path, `dep ${JSON.stringify(dep)} names no task and is not kept`);
      continue;
    }
    const name = calleeName(spec.task, task, known);
    if (!needs.includes(name)) needs.push(name);
    if (isRecord(spec.vars)) notes.warn('changed-meaning', path, `dep ${String(spec.task)} is called with vars ${JSON.stringify(spec.vars)}; a step runs once, with its own values`);
  }

  const lines: string[] = [];
  const deferred: string[] = [];
  const cmds = list(def.cmds ?? def.cmd);
  let shellSeen = false;
  const shell = (raw: string, ignoreError: boolean, loopVars: Record<string, string | VarUse> = {}) => {
    const s = Object.keys(loopVars).length ? varScope(task, main, loopVars) : scope;
    const t = translateShell(raw, s.resolve);
    for (const l of s.dynamicLines) if (!scope.dynamicLines.includes(l)) scope.dynamicLines.push(l);
    for (const p of s.paramsUsed) scope.paramsUsed.add(p);
    warnUntranslated('cmds', t.untranslated);
    for (const [name, expr] of t.toEnv) {
      env[name] = `\${{ ${expr} }}`;
      notes.comment([...path, 'env', name], 'a value the command splits into words: read as $NAME, as Task pasted it');
    }
    const text = t.text.replace(/\n+$/, '');
    return ignoreError ? `{ ${text}; } || true` : text;
  };
  cmds.forEach((cmd, i) => {
    const last = i === cmds.length - 1;
    if (typeof cmd === 'string') {
      const text = shell(cmd, false);
      lines.push(changesShell(cmd) && !last ? `(\n${indent(text)}\n)` : text);
      shellSeen = true;
      return;
    }
    if (!isRecord(cmd) || (cmd.task === undefined && cmd.defer === undefined && typeof cmd.cmd !== 'string')) {
      notes.warn('dropped', path, `command ${JSON.stringify(cmd)} is not a command Task reads (a plain "key: value" needs quotes) and is not kept`);
      return;
    }
    if (cmd.task !== undefined) {
      const name = calleeName(String(cmd.task), task, known);
      if (!needs.includes(name)) needs.push(name);
      if (shellSeen) notes.warn('changed-meaning', path, `task ${String(cmd.task)} is called between commands; here it runs before this task starts`);
      if (isRecord(cmd.vars)) notes.warn('changed-meaning', path, `task ${String(cmd.task)} is called with vars ${JSON.stringify(cmd.vars)}; a step runs once, with its own values`);
      return;
    }
    if (cmd.defer !== undefined) {
      const d = cmd.defer;
      if (typeof d === 'string') {
        deferred.push(shell(d, false));
        lines.push(deferTrap(deferred));
      } else {
        notes.warn('changed-meaning', path, `${quoteSource('defer', d).replace(/\n\s*/g, ' ')}: a deferred task call is not run`);
      }
      return;
    }
    if (typeof cmd.cmd !== 'string') return;
    let text: string;
    const as = typeof cmd.as === 'string' ? cmd.as : isRecord(cmd.for) && typeof cmd.for.as === 'string' ? cmd.for.as : 'ITEM';
    const overVar = isRecord(cmd.for) && typeof cmd.for.var === 'string' && cmd.for.split === undefined ? cmd.for.var : undefined;
    if (overVar && !(isRecord(task.def.vars) && overVar in task.def.vars) && task.file.prefix === '' && overVar in main.vars && staticText(main.vars[overVar]) !== undefined) {
      // A loop over a parameter stays a loop, so a value given with --param is what it walks.
      scope.paramsUsed.add(overVar);
      env[overVar] = `\${{ params.${overVar} }}`;
      const body = shell(cmd.cmd, cmd.ignore_error === true, { [as]: { kind: 'shell', name: as } });
      text = `for ${as} in $${overVar}; do\n${indent(body)}\ndone`;
    } else if (cmd.for !== undefined) {
      const items = loopItems(cmd.for, task);
      if (!items) {
        notes.warn('changed-meaning', path, `${quoteSource('for', cmd.for).replace(/\n\s*/g, ' ')}: the loop could not be unrolled; the command runs once`);
        text = shell(cmd.cmd, cmd.ignore_error === true);
      } else {
        text = items.map((item) => shell(cmd.cmd as string, cmd.ignore_error === true, { [as]: item })).join('\n');
      }
    } else {
      text = shell(cmd.cmd, cmd.ignore_error === true);
    }
    if (Array.isArray(cmd.platforms)) text = onPlatforms(cmd.platforms.map(String), text);
    lines.push(changesShell(cmd.cmd) && !last ? `(\n${indent(text)}\n)` : text);
    shellSeen = true;
  });

  const before: string[] = [];
  const dotenv = [...task.file.dotenv, ...list(def.dotenv).map(String)];
  for (const file of dotenv) before.push(`if [ -f ${singleQuote(file)} ]; then set -a; . ./${file.replace(/^\.\//, '')}; set +a; fi`);
  if (dotenv.length) notes.comment([...path, 'before'], 'dotenv files are read by the script, over the environment (Task keeps variables already set)');
  if (Array.isArray(def.platforms)) before.push(platformCheck(def.platforms.map(String)));
  for (const p of list(def.preconditions)) {
    const spec = isRecord(p) ? p : { sh: p };
    before.push(preconditionCheck(shell(String(spec.sh), false), typeof spec.msg === 'string' ? spec.msg : undefined));
  }
  if (isRecord(def.requires)) {
    for (const v of list(def.requires.vars)) {
      const name = isRecord(v) ? String(v.name) : String(v);
      scope.paramsUsed.add(name);
      env[name] ??= `\${{ params.${name} }}`;
      before.push(`[ -n "\${${name}:-}" ] || { echo ${singleQuote(`task: variable ${name} is required`)} >&2; exit 1; }`);
    }
  }
  const status = list(def.status).map((s) => shell(String(s), false));
  if (status.length) before.push(statusCheck(status, task.name));
  // Dynamic variables first: checks and commands read them.
  before.unshift(...scope.dynamicLines);
  if (scope.dynamicLines.length) notes.comment([...path, 'before'], 'sh: variables are computed by the script when it starts, as Task computes them before the task');

  if (typeof def.label === 'string') step.name = translateValue(def.label, scope.resolve).text;
  if (needs.length) step.needs = needs;
  if (def.prompt !== undefined) {
    const message = list(def.prompt).map(String).join('\n');
    const t = translateValue(message, scope.resolve);
    warnUntranslated('prompt', t.untranslated);
    step.approval = { message: t.text };
  }
  const envSpec = { ...(isRecord(def.env) ? def.env : {}) };
  // `sh:` environment values (the Taskfile's and the task's) are computed when the script starts.
  const computed = Object.entries({ ...task.file.env, ...envSpec }).filter(([, v]) => isRecord(v) && typeof v.sh === 'string');
  before.unshift(...computed.map(([k, v]) => `export ${k}="$(${String((v as Record<string, unknown>).sh).trim()})"`));
  if (computed.length) notes.comment([...path, 'before'], `sh: environment values (${computed.map(([k]) => k).join(', ')}) are computed when the script starts`);
  for (const [k, v] of Object.entries(envSpec)) {
    if (isRecord(v) && typeof v.sh === 'string') continue;
    const t = translateValue(staticText(v) ?? '', scope.resolve);
    warnUntranslated(`env ${k}`, t.untranslated);
    env[k] = t.text;
  }
  if (Object.keys(env).length) step.env = Object.fromEntries(Object.entries(env).sort(([a], [b]) => (a in envSpec ? 0 : 1) - (b in envSpec ? 0 : 1)));
  // Globs are read before the run: a parameter's default stands in for its value (said in a comment).
  const fixedParams = new Set<string>();
  const glob = (g: string) => {
    const t = translateValue(g, (inner) => {
      const use = scope.resolve(inner);
      const param = use.kind === 'expr' && /^params\.(\w+)$/.exec(use.expr)?.[1];
      if (param && param in main.vars) fixedParams.add(param);
      return param && param in main.vars ? { kind: 'text', text: staticText(main.vars[param]) ?? '' } : use.kind === 'text' ? use : { kind: 'untranslated' };
    });
    warnUntranslated('sources/generates', t.untranslated);
    return t.text;
  };
  const dir = typeof def.dir === 'string' ? joinDir(task.file.dir, glob(def.dir)) : task.file.dir;
  if (dir && dir !== '.') step.workingDirectory = dir;
  if (def.ignore_error === true) step.continueOnError = true;
  const method = typeof def.method === 'string' ? def.method : (task.file.method ?? main.method);
  const sources = list(def.sources).map((s) => glob(isRecord(s) && typeof s.exclude === 'string' ? `!${s.exclude}` : String(s)));
  const generates = list(def.generates).map((g) => glob(String(g)));
  if (sources.length && method !== 'none') {
    step.upToDate = generates.length ? { sources, generates } : { sources };
    if (method === 'timestamp') notes.comment([...path, 'upToDate'], 'method: timestamp in Task; the up-to-date check compares contents');
  }
  const fixedAt = step.upToDate ? 'upToDate' : step.workingDirectory !== undefined ? 'workingDirectory' : undefined;
  if (fixedParams.size && fixedAt) {
    const names = [...fixedParams].sort();
    notes.comment([...path, fixedAt], `${names.map((n) => `{{.${n}}}`).join(', ')} in dir, sources and generates is the default value, fixed at import: --param ${names[0]}=… changes the commands, not these paths`);
  }
  if (before.length) step.before = before;
  step.with = { run: lines.join('\n') || 'true' };
  if (!lines.length) notes.comment([...path, 'with'], `task ${task.name} only groups its deps`);

  const described = [def.desc, def.summary].filter((d): d is string => typeof d === 'string').map((d) => d.trim());
  if (described.length) notes.comment(path, described.join('\n'));
  if (Array.isArray(def.aliases)) notes.comment(path, `aliases: ${def.aliases.join(', ')}`);
  if (def.internal === true) notes.comment(path, 'internal in Task: only other tasks call it');
  if (def.interactive === true) notes.warn('changed-meaning', path, 'interactive: the command gets no terminal input here');
  if (def.run === 'once' || def.run === 'when_changed') notes.comment(path, `run: ${String(def.run)} (every step runs once per pipeline run)`);
  for (const key of Object.keys(def)) if (!HANDLED.has(key)) notes.warn('dropped', path, `${key}: has no counterpart and is not kept`);
  return { step, needs, params: scope.paramsUsed };
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');
}

function joinDir(base: string | undefined, dir: string): string {
  if (!base || base === '.' || dir.startsWith('/')) return dir.replace(/\/+$/, '');
  return `${base}/${dir}`.replace(/\/+$/, '');
}

function loopItems(spec: unknown, task: TfTask): string[] | undefined {
  if (Array.isArray(spec)) return spec.map(String);
  if (isRecord(spec) && typeof spec.var === 'string') {
    const value = (isRecord(task.def.vars) ? task.def.vars[spec.var] : undefined) ?? task.file.vars[spec.var];
    const text = staticText(value);
    if (text === undefined) return undefined;
    const sep = typeof spec.split === 'string' ? spec.split : undefined;
    return (sep ? text.split(sep) : text.split(/\s+/)).filter(Boolean);
  }
  return undefined;
}
