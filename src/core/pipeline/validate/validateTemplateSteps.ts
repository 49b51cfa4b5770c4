// `uses:` steps get their type from a template, so the schema pass (which keys on a step's own
// `type:`) cannot check their merged `with`. This checks it against the type's `with` schema and
// points at the step's own key when it wrote one, else at its `uses:` value.
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { ajv as ajvLib } from '../../lazy/ajv.js';
import type { Diagnostic } from '../../contracts/diagnostics.js';
import type { Pipeline } from '../model.js';
import { knownStepTypes, loadSchema } from '../schema/loadSchema.js';

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction | undefined>();

function validatorFor(type: string): ValidateFunction | undefined {
  if (validators.has(type)) return validators.get(type);
  ajv ??= new (ajvLib())({ allErrors: true, strict: false, allowUnionTypes: true, code: { optimize: false } });
  const schema = loadSchema() as { $id: string };
  if (!ajv.getSchema(schema.$id)) ajv.addSchema(schema);
  const v = knownStepTypes().includes(type) ? ajv.getSchema(`${schema.$id}#/definitions/with_${type.replace('.', '_')}`) : undefined;
  validators.set(type, v);
  return v;
}

/** Schema diagnostics for the merged `with` of template-based steps. */
export function validateTemplateSteps(pipeline: Pipeline): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const step of [...pipeline.steps, ...pipeline.finally]) {
    if (!step.uses || !step.origin || !step.type || step.typeRange) continue;
    const validate = validatorFor(step.type);
    if (!validate || validate(step.with)) continue;
    const seen = new Set<string>();
    for (const err of validate.errors ?? []) {
      // Unknown keys are unknown-parameter diagnostics already; if/then wrappers repeat nested errors.
      if (err.keyword === 'additionalProperties' || err.keyword === 'if' || err.keyword === 'anyOf' && err.instancePath !== '') continue;
      const key = err.instancePath.split('/')[1];
      const missing = err.keyword === 'required' ? (err.params as { missingProperty: string }).missingProperty : undefined;
      const message = missing
        ? `'${step.id}' (from template '${step.uses.value}') is missing ${step.type} parameter '${missing}'`
        : err.keyword === 'anyOf'
          ? `'${step.id}' (from template '${step.uses.value}') needs one of: ${((err.schema as Array<{ required: string[] }>) ?? []).map((s) => `'${s.required[0]}'`).join(', ')}`
          : `'${key}' ${err.message ?? 'is invalid'}`;
      if (seen.has(message)) continue;
      seen.add(message);
      const range = key && step.withValueRanges[key] ? step.withValueRanges[key]! : step.uses.range;
      out.push({ severity: 'error', code: 'schema', message, range, data: { template: step.uses.value, ...(missing ? { property: missing } : {}) } });
    }
  }
  return out;
}
