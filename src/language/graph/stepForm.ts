// The graph editor's side form for one step, generated from the pipeline schema: the step's common keys
// and its type's `with` keys, each with a field kind, the value as written and the validator's
// diagnostics on that key. The webview only draws it; the host edits through setStepKey.
import { isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Diagnostic } from '../../core/contracts/diagnostics.js';
import type { Step } from '../../core/pipeline/model.js';
import type { PipelineAnalysis } from '../PipelineAnalysis.js';
import { typesOf, type PropertyInfo, type SchemaNavigator } from '../SchemaNavigator.js';
import { stepPath } from '../yamlEdits.js';
import { bodyMap, jobNamed } from './graphEdits.js';

/** The step keys the form offers besides `with` (scalars every step type shares). */
export const COMMON_KEYS = ['name', 'description', 'if', 'timeout', 'retry', 'continueOnError', 'workingDirectory'] as const;

/** `other`: a list or mapping, shown but edited in the text. */
export type FormFieldKind = 'string' | 'number' | 'boolean' | 'enum' | 'other';

export interface FormProblem {
  severity: Diagnostic['severity'];
  message: string;
}

export interface FormField {
  /** `[key]` for a common key, `['with', key]` for a parameter. */
  key: string[];
  kind: FormFieldKind;
  options?: string[];
  required: boolean;
  description?: string;
  /** The value written in this file (a `uses:` step's template values are not shown as its own). */
  value?: string | number | boolean;
  /** The value spans lines (a script): drawn as a text area. */
  multiline?: boolean;
  problems: FormProblem[];
}

export interface StepForm {
  id: string;
  type?: string;
  fields: FormField[];
  /** Problems in the step that belong to no field. */
  problems: FormProblem[];
  /** Where the edit goes when the step is not simply written here (a template, a matrix). */
  note?: string;
}

const SCALARS = ['boolean', 'string', 'number', 'integer'];

function kindOf(info: PropertyInfo): Pick<FormField, 'kind' | 'options'> {
  const options = info.schemas.flatMap((s) => (Array.isArray(s.enum) ? s.enum : [])).filter((v): v is string => typeof v === 'string');
  if (options.length) return { kind: 'enum', options: [...new Set(options)] };
  const types = typesOf(info.schemas);
  const first = types.find((t) => SCALARS.includes(t));
  if (!first) return { kind: 'other' };
  return { kind: first === 'integer' ? 'number' : (first as FormFieldKind) };
}

function pairIn(map: YAMLMap | undefined, key: string): Pair<Node, Node> | undefined {
  return (map?.items as Array<Pair<Node, Node>> | undefined)?.find((p) => isScalar(p.key) && String(p.key.value) === key);
}

function overlaps(d: Diagnostic, start: number, end: number): boolean {
  return d.range.start < end && d.range.end > start && d.range.start >= start - 1;
}

/** A field's value and range from its pair; a non-scalar value (or an expression in a number field) makes the field text-only or `other`. */
function fieldOf(info: PropertyInfo, key: string[], pair: Pair<Node, Node> | undefined, diags: Diagnostic[], used: Set<Diagnostic>): FormField {
  const { kind, options } = kindOf(info);
  const field: FormField = { key, kind, ...(options ? { options } : {}), required: info.required, problems: [] };
  const description = info.schemas.find((s) => typeof s.description === 'string')?.description;
  if (description) field.description = description;
  const v = pair?.value;
  if (v && isScalar(v) && v.value !== null) {
    const value = v.value;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      field.value = value;
      // An expression (or any text) where a boolean or number goes: a text field shows it as written.
      if ((kind === 'boolean' && typeof value !== 'boolean') || (kind === 'number' && typeof value !== 'number') || (kind === 'enum' && !options?.includes(String(value)))) field.kind = 'string';
      if (typeof value === 'string' && value.includes('\n')) field.multiline = true;
    }
  } else if (v && !isScalar(v)) field.kind = 'other';
  const start = pair?.key?.range?.[0];
  const end = v?.range?.[1] ?? pair?.key?.range?.[1];
  if (start !== undefined && end !== undefined) {
    for (const d of diags) {
      if (used.has(d) || !overlaps(d, start, end)) continue;
      used.add(d);
      field.problems.push({ severity: d.severity, message: d.message });
    }
  }
  return field;
}

/** Why an edit of this step may not be what it seems: it uses a template, or it is a matrix. */
function noteFor(analysis: PipelineAnalysis, step: Step): string | undefined {
  const notes: string[] = [];
  if (step.origin) {
    const where = step.origin.file ? `the included file ${step.origin.file}` : 'this file';
    notes.push(`Uses template '${step.origin.template}' (defined in ${where}): values set here override the template's for this step only; edit the template there to change every step using it.`);
  }
  const job = step.job !== undefined ? jobNamed(analysis, step.job) : undefined;
  if (step.matrix || job?.matrix) notes.push(`A matrix ${step.matrix ? 'step' : 'job'}: the step is written once, so an edit applies to every instance.`);
  return notes.length ? notes.join(' ') : undefined;
}

/** The form of step `id`, or undefined when there is no such step written in this file. */
export function stepForm(analysis: PipelineAnalysis, nav: SchemaNavigator, id: string, diagnostics: readonly Diagnostic[]): StepForm | undefined {
  const step = analysis.stepById.get(id);
  if (!step) return undefined;
  const path = stepPath(step);
  const body = bodyMap(analysis, step);
  const values = (p: Array<string | number>) => (p.length === path.length && step.type ? new Map([['type', step.type]]) : undefined);
  const inStep = diagnostics.filter((d) => d.range.start >= step.range.start && d.range.end <= step.range.end);
  const used = new Set<Diagnostic>();
  const common = nav.propertiesAt(path, values).filter((p) => (COMMON_KEYS as readonly string[]).includes(p.name));
  common.sort((a, b) => COMMON_KEYS.indexOf(a.name as (typeof COMMON_KEYS)[number]) - COMMON_KEYS.indexOf(b.name as (typeof COMMON_KEYS)[number]));
  const fields = common.map((p) => fieldOf(p, [p.name], pairIn(body, p.name), inStep, used));
  const withNode = pairIn(body, 'with')?.value;
  const withMap = withNode && isMap(withNode) ? withNode : undefined;
  const params = step.type ? nav.propertiesAt([...path, 'with'], values) : [];
  for (const p of params) fields.push(fieldOf(p, ['with', p.name], pairIn(withMap, p.name), inStep, used));
  // Keys written that the type's schema does not know: shown (the validator says why) as text.
  for (const pair of (withMap?.items ?? []) as Array<Pair<Node, Node>>) {
    const name = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (name === undefined || params.some((p) => p.name === name)) continue;
    fields.push(fieldOf({ name, required: false, schemas: [{ type: 'string' }] }, ['with', name], pair, inStep, used));
  }
  const note = noteFor(analysis, step);
  return {
    id,
    ...(step.type ? { type: step.type } : {}),
    fields,
    problems: inStep.filter((d) => !used.has(d)).map((d) => ({ severity: d.severity, message: d.message })),
    ...(note ? { note } : {}),
  };
}
