// Parameter checks the schema cannot express: a default that does not fit the declared type or is
// not one of a choice's values.
import type { Diagnostic } from '../../contracts/diagnostics.js';
import type { Pipeline } from '../model.js';

/** `schema` diagnostics on parameter definitions, at the parameter's name. */
export function validateParams(pipeline: Pipeline): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of pipeline.params) {
    const d = p.default;
    if (d === undefined) continue;
    let problem: string | undefined;
    if (p.type === 'number' && typeof d !== 'number') problem = `default ${JSON.stringify(d)} of number parameter '${p.name}' is not a number`;
    else if (p.type === 'boolean' && typeof d !== 'boolean') problem = `default ${JSON.stringify(d)} of boolean parameter '${p.name}' is not true or false`;
    else if (p.type === 'choice' && p.values && !p.values.some((v) => String(v) === String(d))) problem = `default ${JSON.stringify(d)} of '${p.name}' is not one of its values (${p.values.join(', ')})`;
    if (problem) out.push({ severity: 'error', code: 'schema', message: problem, range: p.nameRange, data: { param: p.name } });
  }
  return out;
}
