import type { TfFile, TfTask } from './taskLoad';
import type { Resolve, VarUse } from './taskTemplate';
import { isRecord } from '../../util/isRecord';
import { exprString } from '../shared/pipelineText';

// Where a `{{.VAR}}` of a task reads from: Task looks in the task's vars, then its Taskfile's, then
// its own special variables, then the environment. Static values of the main Taskfile become
// parameters (Task lets `task NAME=value` override them, as `--param` does); static values of a task
// or an included Taskfile are written in place; `sh:` values are computed by the script itself.

export interface VarScope {
  resolve: Resolve;
  /** Shell lines that compute the dynamic (`sh:`) variables this task read, in first-use order. */
  dynamicLines: string[];
  /** Parameters read (name → its declaration), for the pipeline's `params:`. */
  paramsUsed: Set<string>;
}

export function staticText(v: unknown): string | undefined {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) || (isRecord(v) && !('sh' in v) && !('ref' in v) && !('map' in v))) return JSON.stringify(v);
  if (isRecord(v) && 'map' in v) return JSON.stringify(v.map);
  return undefined;
}

const WORKSPACE_VARS = new Set(['ROOT_DIR', 'TASKFILE_DIR', 'USER_WORKING_DIR', 'ROOT_TASKFILE']);

export function varScope(task: TfTask, main: TfFile, extra: Record<string, string | VarUse> = {}): VarScope {
  const dynamicLines: string[] = [];
  const paramsUsed = new Set<string>();
  const taskVars = isRecord(task.def.vars) ? task.def.vars : {};
  const required = new Set(isRecord(task.def.requires) ? (Array.isArray(task.def.requires.vars) ? task.def.requires.vars : []).map((v) => (isRecord(v) ? String(v.name) : String(v))) : []);
  const resolveName = (name: string, depth: number): VarUse => {
    if (name in extra) {
      const x = extra[name];
      return typeof x === 'string' ? { kind: 'text', text: x } : x;
    }
    const own = name in taskVars ? taskVars[name] : undefined;
    const fileVal = name in task.file.vars ? task.file.vars[name] : undefined;
    const isMainVar = own === undefined && task.file.prefix === '' ? name in main.vars : own === undefined && name in main.vars && main.vars[name] === fileVal;
    const value = own ?? fileVal;
    if (value !== undefined) {
      if (isRecord(value) && typeof value.ref === 'string' && depth < 10) return resolveName(value.ref.replace(/^\./, ''), depth + 1);
      if (isRecord(value) && typeof value.sh === 'string') {
        const line = `${name}="$(${value.sh.trim()})"`;
        if (!dynamicLines.includes(line)) dynamicLines.push(line);
        return { kind: 'shell', name };
      }
      const text = staticText(value) ?? '';
      if (isMainVar) {
        paramsUsed.add(name);
        return { kind: 'expr', expr: `params.${name}`, splits: /\s/.test(text) };
      }
      if (text.includes('{{')) return depth < 10 ? composed(text, depth + 1) : { kind: 'untranslated' };
      return { kind: 'text', text };
    }
    if (required.has(name)) {
      // `requires:` names a variable given on the command line: a parameter here.
      paramsUsed.add(name);
      return { kind: 'expr', expr: `params.${name}` };
    }
    if (name === 'TASK') return { kind: 'text', text: task.name };
    if (name === 'CLI_ARGS') {
      paramsUsed.add('CLI_ARGS');
      return { kind: 'expr', expr: 'params.CLI_ARGS', splits: true };
    }
    if (WORKSPACE_VARS.has(name)) return { kind: 'shell', name: 'ANSFLOW_WORKSPACE' };
    if (name === 'TASK_DIR') return { kind: 'shell', name: 'PWD' };
    if (name === 'CHECKSUM' || name === 'TIMESTAMP' || name === 'ITEM') return { kind: 'untranslated' };
    return { kind: 'shell', name };
  };
  // A value built from other variables, as Task expands it: literal text when every part is, else
  // one format() over the parameters it reads (never pasted text, so a --param value stays data).
  const composed = (text: string, depth: number): VarUse => {
    const VAR = /\{\{-?\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*-?\}\}/g;
    // Pipes, functions and conditions are Go templates this does not evaluate.
    if (text.replace(VAR, '').includes('{{')) return { kind: 'untranslated' };
    const parts: string[] = [];
    let template = '';
    let splits = false;
    let last = 0;
    for (const m of text.matchAll(VAR)) {
      template += text.slice(last, m.index).replace(/[{}]/g, (b) => b + b);
      last = m.index + m[0].length;
      const use = resolveName(m[1]!, depth);
      if (use.kind === 'text') template += use.text.replace(/[{}]/g, (b) => b + b);
      else if (use.kind === 'expr') {
        template += `{${parts.length}}`;
        parts.push(use.expr);
        splits ||= use.splits === true;
      } else return { kind: 'untranslated' };
    }
    template += text.slice(last).replace(/[{}]/g, (b) => b + b);
    const literal = template.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    if (!parts.length) return { kind: 'text', text: literal };
    return { kind: 'expr', expr: `format(${exprString(template)}, ${parts.join(', ')})`, splits: splits || /\s/.test(literal.replace(/\{\d+\}/g, '')) };
  };
  const resolve: Resolve = (inner) => {
    const m = /^\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(inner.trim());
    if (m) return resolveName(m[1], 0);
    if (inner.trim() === 'OS') return { kind: 'text', text: "$(uname -s | tr '[:upper:]' '[:lower:]')" };
    if (inner.trim() === 'ARCH') return { kind: 'text', text: '$(uname -m)' };
    return { kind: 'untranslated' };
  };
  return { resolve, dynamicLines, paramsUsed };
}
