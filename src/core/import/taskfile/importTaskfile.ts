import { basename, dirname, resolve } from 'node:path';
import type { ImportDraft, ImportError, ImportResult, SourceGraph } from '../draft';
import { ImportNotes, quoteSource } from '../shared/importNotes';
import { uniqueId } from '../shared/pipelineText';
import { loadTaskfile } from './taskLoad';
import { convertTask } from './taskStep';
import { translateValue } from './taskTemplate';
import { staticText, varScope } from './taskVars';
import { isRecord } from '../../util/isRecord';

// Taskfile (v3) → import draft. Every task is a step (its commands stay one unit, as Task runs
// them); `deps` and `task:` calls are its needs. Task runs the task you name plus what it needs:
// `ansflow run <file> --target <task>` does the same, and a plain run runs every task.

export function importTaskfile(text: string, source: { path: string }): ImportResult {
  const loaded = loadTaskfile(text, source.path);
  if (!loaded.ok) return loaded;
  const { tasks, main, remoteIncludes, headerComment, top } = loaded.result;
  const notes = new ImportNotes();
  const errors: ImportError[] = [];
  if (!tasks.length && !remoteIncludes.length) return { ok: false, errors: [{ message: 'the Taskfile has no tasks' }] };

  const taken = new Set<string>();
  const idOf = new Map<string, string>();
  for (const t of tasks) idOf.set(t.name, uniqueId(t.name.replace(/:/g, '-'), taken));
  const known = new Set(tasks.map((t) => t.name));
  const remoteIds = new Map(remoteIncludes.map((r) => [r.namespace, uniqueId(r.namespace.replace(/:/g, '-'), taken)]));

  const steps: Record<string, unknown> = {};
  const graph: SourceGraph = { nodes: [], edges: [] };
  const paramsUsed = new Set<string>();
  for (const task of tasks) {
    const id = idOf.get(task.name)!;
    const path = ['steps', id];
    if (task.comment) notes.comment(path, task.comment);
    const converted = convertTask(task, main, known, path, notes);
    const needIds: string[] = [];
    for (const n of converted.needs) {
      const target = idOf.get(n) ?? remoteIds.get(n.split(':').slice(0, -1).join(':'));
      if (!target) {
        errors.push({ message: `task '${task.name}' calls '${n}', which is not a task of the Taskfile` });
        continue;
      }
      if (!needIds.includes(target)) needIds.push(target);
      graph.edges.push({ from: target, to: id });
    }
    const step = converted.step;
    if (needIds.length) step.needs = needIds.length === 1 ? needIds[0] : needIds;
    if (task.name !== id && step.name === undefined) {
      // `name` right after `type`, as people write it.
      const { type, ...rest } = step;
      steps[id] = { type, name: task.name, ...rest };
    } else {
      steps[id] = step;
    }
    for (const p of converted.params) paramsUsed.add(p);
    graph.nodes.push({ id, matrixSize: 1 });
  }
  for (const [ns, id] of remoteIds) {
    const original = remoteIncludes.find((r) => r.namespace === ns)!.original;
    steps[id] = { type: 'placeholder', with: { original: quoteSource(ns.split(':').pop()!, original), reason: 'a remote Taskfile is not fetched' } };
    notes.warn('stand-in', ['steps', id], `include ${ns}: a remote Taskfile is not fetched; its tasks are missing`);
    graph.nodes.push({ id, matrixSize: 1 });
  }
  if (errors.length) return { ok: false, errors };

  const pipeline: Record<string, unknown> = { version: 1, name: basename(dirname(resolve(source.path))) || 'taskfile' };
  const fileName = basename(source.path).replace(/\.ya?ml$/, '');
  if (!/^taskfile(\.dist)?$/i.test(fileName)) pipeline.name = fileName.replace(/\.?taskfile$/i, '') || pipeline.name;
  const params: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(main.vars)) {
    const text = staticText(value);
    if (text === undefined) continue;
    if (text.includes('{{')) notes.warn('changed-meaning', ['params'], `var ${name}: its template ${text} is not evaluated`);
    params[name] = { type: 'string', default: text };
  }
  for (const name of paramsUsed) if (!(name in params) && name !== 'CLI_ARGS') params[name] = { type: 'string', default: '', description: 'a variable the Taskfile requires' };
  if (paramsUsed.has('CLI_ARGS')) params.CLI_ARGS = { type: 'string', default: '', description: 'what `task … -- args` passed' };
  if (Object.keys(params).length) pipeline.params = params;
  const env: Record<string, string> = {};
  const rootScope = varScope({ name: '', file: main, def: {} }, main);
  for (const [k, v] of Object.entries(main.env)) {
    if (isRecord(v) && typeof v.sh === 'string') continue;
    env[k] = translateValue(staticText(v) ?? '', rootScope.resolve).text;
  }
  if (Object.keys(env).length) pipeline.env = env;
  pipeline.steps = steps;

  const header = [headerComment, `Imported from ${basename(source.path)}: \`task NAME\` is \`ansflow run <this file> --target NAME\`; a run without --target runs every task.`].filter(Boolean).join('\n');
  notes.comments.unshift({ path: [], text: header });
  for (const [k, v] of Object.entries(top)) notes.comment([], `${quoteSource(k, v).replace(/\n\s*/g, ' ')}: not kept`);
  const draft: ImportDraft = { format: 'taskfile', pipeline, comments: notes.comments, warnings: notes.warnings, sourceGraph: graph };
  return { ok: true, draft };
}
