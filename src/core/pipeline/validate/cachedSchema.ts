// The schema check of an editor's re-parse, skipping the steps whose text it already found clean. In
// a 1,000-step pipeline an edit changes one step, yet the whole document's plain value was built and
// validated again, the largest part of a cached parse after composing the YAML.
// Why leaving a clean step out gives the same errors: the schema reads the entries of `steps`,
// `finally` and each job's `steps` one by one (propertyNames on the id, additionalProperties: step on
// the value) and nothing above them counts or compares entries (a unit test checks the schema still
// says so), and with allErrors a left-out entry that had no errors takes no errors away from the
// others or changes their order.
import { isMap, type Document, type Node } from 'yaml';
import type { ErrorObject } from 'ajv';
import type { Diagnostic } from '../../contracts/diagnostics.js';
import { isAliasFree } from '../parse/aliasFreeDocument.js';
import { plainValue } from '../parse/plainValue.js';
import { pointerSegment, type StepCache } from '../parse/stepCache.js';
import { schemaDiagnostics, schemaErrors } from './validateSchema.js';

/**
 * Schema diagnostics for `root`, as `validateSchema(doc, plainValue(doc, root), …)` gives them.
 * With a step cache that noted every step entry of this parse, steps it holds as clean are left out
 * and the steps checked now without an error are remembered as clean.
 */
export function schemaCheck(doc: Document, root: Node, textLength: number, stepCount: number, cache?: StepCache): Diagnostic[] {
  // Every entry noted means no duplicate ids and no flow-map steps; alias-free means no merge keys.
  const usable = cache !== undefined && isAliasFree(doc) && cache.sources.size > 0 && cache.sources.size === stepCount && isMap(root);
  const omit = new Set<object>();
  if (usable) for (const [pair, s] of cache.sources) if (cache.isClean(s.key)) omit.add(pair);
  const value = plainValue(doc, root, omit);
  if (value === undefined) return [];
  const errors = schemaErrors(value);
  if (usable) {
    cache.stats.schemaChecked = cache.sources.size - omit.size;
    const dirty = namedSteps(errors);
    for (const [pair, s] of cache.sources) if (!omit.has(pair) && !dirty.has(`${s.container}/${pointerSegment(s.id)}`) && !dirty.has(s.container)) cache.markClean(s.key);
  }
  return schemaDiagnostics(doc, errors, textLength);
}

/**
 * The JSON pointer of each step an error is about (`/steps/<id>`, `/jobs/<job>/steps/<id>`), or of a
 * whole step map when an error is about the map itself. Pointers as the validator writes them (escaped).
 */
function namedSteps(errors: readonly ErrorObject[]): Set<string> {
  const out = new Set<string>();
  for (const e of errors) {
    const path = e.instancePath.split('/');
    // Segments up to the step map: ['', 'steps'] or ['', 'jobs', <job>, 'steps'].
    const depth = path[1] === 'steps' || path[1] === 'finally' ? 2 : path[1] === 'jobs' && path[3] === 'steps' ? 4 : 0;
    if (!depth) continue;
    if (path.length > depth) out.add(path.slice(0, depth + 1).join('/'));
    else if (e.propertyName !== undefined) out.add(`${e.instancePath}/${pointerSegment(e.propertyName)}`);
    // propertyNames' summary follows each id it names (just above): not about the whole map.
    else if (e.keyword !== 'propertyNames') out.add(e.instancePath);
  }
  return out;
}
