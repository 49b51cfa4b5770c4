// Snippet text generated from schema nodes. Lines are indented relative to the first one: VS Code
// re-indents continuation lines of an inserted snippet to the cursor line's indentation.
import { defaultOf, typesOf, type PropertyInfo, type SchemaNavigator, type SchemaNode } from './SchemaNavigator.js';
import type { PathSegment } from './locateAt.js';

/** Escapes `$`, `}` and `\` so text is inserted literally inside a snippet. */
export function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

function choiceText(values: unknown[]): string {
  return values.map((v) => String(v).replace(/[,|$}\\]/g, '\\$&')).join(',');
}

/** Counter for `${n}` tab stops across one snippet. */
class TabStops {
  private n = 0;
  next(): number {
    return ++this.n;
  }
}

function enumValues(nodes: SchemaNode[]): unknown[] {
  const out: unknown[] = [];
  for (const n of nodes) {
    for (const v of n.enum ?? []) if (!out.includes(v)) out.push(v);
    if (n.const !== undefined && !out.includes(n.const)) out.push(n.const);
  }
  return out;
}

/** The value part of `key: …` for a schema: a choice, a default placeholder, or a nested block. */
function valueSnippet(nodes: SchemaNode[], stops: TabStops, indentUnit: string): string {
  const values = enumValues(nodes);
  const def = defaultOf(nodes);
  if (values.length > 0) {
    const ordered = def !== undefined && values.includes(def) ? [def, ...values.filter((v) => v !== def)] : values;
    return ` \${${stops.next()}|${choiceText(ordered)}|}`;
  }
  const types = typesOf(nodes);
  if (types.length === 1 && types[0] === 'boolean') {
    return ` \${${stops.next()}|${def === true ? 'true,false' : 'false,true'}|}`;
  }
  if (types.length === 1 && types[0] === 'object') return `\n${indentUnit}\${${stops.next()}}`;
  if (types.length === 1 && types[0] === 'array') return `\n${indentUnit}- \${${stops.next()}}`;
  if (def !== undefined && typeof def !== 'object') return ` \${${stops.next()}:${escapeSnippet(String(def))}}`;
  return ` \${${stops.next()}}`;
}

/** `key: <value>` as a snippet for one property. */
export function propertySnippet(prop: PropertyInfo, indentUnit = '  '): string {
  return `${escapeSnippet(prop.name)}:${valueSnippet(prop.schemas, new TabStops(), indentUnit)}`;
}

/** Placeholder id used to ask the schema about "any step" (steps are keyed by user ids). */
export const ANY_STEP_ID = '__ansflow_any_step__';

/** Every step `type` the schema allows, with its description when the schema gives one per type. */
export function stepTypes(nav: SchemaNavigator, stepsKey: 'steps' | 'finally' = 'steps'): Array<{ type: string; description?: string }> {
  const typePath: PathSegment[] = [stepsKey, ANY_STEP_ID, 'type'];
  const descriptions = new Map<string, string>();
  for (const n of nav.schemasAt(typePath)) {
    // `enumDescriptions` (VS Code's JSON-schema extension) pairs a description with each enum value.
    const enumDocs = n.enumDescriptions;
    if (Array.isArray(n.enum) && Array.isArray(enumDocs)) {
      n.enum.forEach((v, i) => typeof enumDocs[i] === 'string' && descriptions.set(String(v), enumDocs[i] as string));
    }
    if (n.const !== undefined && typeof n.description === 'string') descriptions.set(String(n.const), n.description);
    for (const b of [...(n.oneOf ?? []), ...(n.anyOf ?? [])]) {
      const d = nav.deref(b);
      if (d?.const !== undefined && typeof d.description === 'string') descriptions.set(String(d.const), d.description);
    }
  }
  return nav
    .valuesAt(typePath)
    .filter((v): v is string => typeof v === 'string')
    .map((type) => ({ type, description: descriptions.get(type) }));
}

/** The required `with` keys of a step type, according to the schema. */
export function requiredWith(nav: SchemaNavigator, type: string): PropertyInfo[] {
  const typeOnly = new Map([['type', type]]);
  return nav
    .propertiesAt(['steps', ANY_STEP_ID, 'with'], (p) => (p.length === 2 ? typeOnly : undefined))
    .filter((p) => p.required);
}

/**
 * A whole step of a given type, keyed by a placeholder id, with its required `with` keys:
 *
 * ```yaml
 * ${1:id}:
 *   type: shell
 *   with:
 *     script: $2
 * ```
 */
export function stepSnippet(nav: SchemaNavigator, type: string, idHint = 'id', indentUnit = '  '): string {
  // The schema's own example body for the type (`x-ansflow-step-examples`) reads best; else required keys.
  const examples = nav.root['x-ansflow-step-examples'];
  const example = examples && typeof examples === 'object' ? (examples as Record<string, unknown>)[type] : undefined;
  if (typeof example === 'string' && example.trim()) {
    const body = example.replace(/\s+$/, '').split('\n').map((l) => indentUnit + escapeSnippet(l));
    return [`\${1:${escapeSnippet(idHint)}}:`, ...body].join('\n') + '$0';
  }
  const stops = new TabStops();
  const lines = [`\${${stops.next()}:${escapeSnippet(idHint)}}:`, `${indentUnit}type: ${escapeSnippet(type)}`];
  const required = requiredWith(nav, type);
  if (required.length > 0) {
    lines.push(`${indentUnit}with:`);
    for (const p of required) {
      const value = valueSnippet(p.schemas, stops, indentUnit).replace(/\n/g, `\n${indentUnit}${indentUnit}`);
      lines.push(`${indentUnit}${indentUnit}${escapeSnippet(p.name)}:${value}`);
    }
  } else {
    lines.push(`${indentUnit}$${stops.next()}`);
  }
  return lines.join('\n') + '$0';
}
