// What the graph-level checks (expression references, needs cycles) read of a pipeline besides one step's
// own text, as one string: an editor's step cache reuses a step's findings while its text and this string
// are unchanged (a keystroke in a script changes neither). A name left out here is a stale diagnostic.
import type { Pipeline, Step } from '../src/core/pipeline/model.js';

// Each name with its length first, so no two different lists give the same string whatever the names hold
// (cheaper than JSON.stringify of nested arrays, which costs more than the checks it saves on 2,000 steps).
function list(names: Iterable<string>): string {
  let out = '[';
  for (const n of names) out += `${n.length}:${n}`;
  return `${out}]`;
}

function steps(all: Step[]): string {
  let out = '';
  for (const s of all) {
    out += `${s.id.length}:${s.id}[`;
    for (const n of s.needs) out += `${n.value.length}:${n.value}`;
    out += ']';
    out += s.implicitNeeds ? list(s.implicitNeeds) : '-';
    out += list(Object.keys(s.outputs));
    out += s.matrix ? list(s.matrixKeys ?? []) : '-';
  }
  return out;
}

/**
 * For each step, `steps` and `finally` apart (a step's section): its id, written and implicit needs, output
 * names and matrix keys; the pipeline's params, secrets and template names; each job's name, output names,
 * steps and needs. Order is kept: suggestions and spellings pick the first match. Implicit needs, matrix
 * keys from a job and the jobs' part are what a `jobs:` file's steps take from outside their own text.
 */
export function graphInputs(pipeline: Pipeline): string {
  let out = list(pipeline.params.map((p) => p.name)) + list(pipeline.secrets.map((s) => s.name)) + list(pipeline.templates.map((t) => t.name));
  for (const j of pipeline.jobs ?? []) out += `job${list([j.name])}${list(Object.keys(j.outputs))}${list(j.steps)}${list(j.needs.map((n) => n.value))}`;
  return `${out}steps${steps(pipeline.steps)}finally${steps(pipeline.finally)}`;
}
