// The pipeline JSON Schema (schemas/pipeline.schema.json, the single source of truth) and its
// compiled validator. The JSON is bundled by esbuild, so the CLI and the extension need no file lookup.
import Ajv, { type ValidateFunction } from 'ajv';
import schemaJson from '../../../../schemas/pipeline.schema.json';

/** The pipeline JSON Schema as an object (draft-07). */
export function loadSchema(): object {
  return schemaJson;
}

let compiled: ValidateFunction | undefined;

/** The compiled validator, built once on first use (compiling costs tens of milliseconds). */
export function schemaValidator(): ValidateFunction {
  if (!compiled) {
    // optimize: false roughly halves compile time (the cold start of the first validation); the
    // generated code is only marginally slower on 20,000-line pipelines.
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, allowUnionTypes: true, code: { optimize: false } });
    compiled = ajv.compile(schemaJson);
  }
  return compiled;
}

interface SchemaNode {
  enum?: unknown[];
  properties?: Record<string, unknown>;
  definitions?: Record<string, SchemaNode>;
}

/** Every step type the schema knows, in schema order. */
export function knownStepTypes(): string[] {
  const step = (schemaJson as unknown as { definitions: Record<string, { properties: { type: SchemaNode } }> }).definitions.step;
  return (step.properties.type.enum ?? []) as string[];
}

/** The `with` parameter names of a step type (undefined for an unknown type). */
export function stepParameters(type: string): string[] | undefined {
  const defs = (schemaJson as unknown as { definitions: Record<string, SchemaNode> }).definitions;
  const w = defs[`with_${type.replace('.', '_')}`];
  return w?.properties ? Object.keys(w.properties) : undefined;
}

/** The JSON schema of a step type's `with` (undefined for an unknown type). */
export function stepWithSchema(type: string): object | undefined {
  const defs = (schemaJson as unknown as { definitions: Record<string, SchemaNode> }).definitions;
  return defs[`with_${type.replace('.', '_')}`] as object | undefined;
}
