// The pipeline JSON Schema (schemas/pipeline.schema.json, the single source of truth) and its
// validator. In the esbuild bundles both are files of their own in dist/lazy/ (scripts/lazyBundles.mjs,
// 80 KB and half a megabyte), required at the first use, not at activation.
/* eslint-disable @typescript-eslint/no-require-imports -- loaded at first use, see above */
import type { ValidateFunction } from 'ajv';

let schemaJson: object | undefined;

/** The pipeline JSON Schema as an object (draft-07). */
export function loadSchema(): object {
  return (schemaJson ??= (require('../../lazy/vendor/pipelineSchema.js') as { default: object }).default);
}

let compiled: ValidateFunction | undefined;

/**
 * The schema validator: the precompiled module (generated from the schema; a unit test keeps it
 * current), so the first validation does not pay for compiling the schema.
 */
export function schemaValidator(): ValidateFunction {
  compiled ??= (require('./pipelineValidator.generated.js') as { default: ValidateFunction }).default;
  return compiled;
}

interface SchemaNode {
  enum?: unknown[];
  properties?: Record<string, unknown>;
  definitions?: Record<string, SchemaNode>;
}

/** Every step type the schema knows, in schema order. */
export function knownStepTypes(): string[] {
  const step = (loadSchema() as unknown as { definitions: Record<string, { properties: { type: SchemaNode } }> }).definitions.step;
  return (step.properties.type.enum ?? []) as string[];
}

// Asked once per step by the validator: the names are read from the schema once per type.
const parameterNames = new Map<string, string[] | undefined>();

/** The `with` parameter names of a step type (undefined for an unknown type); callers only read it. */
export function stepParameters(type: string): string[] | undefined {
  if (parameterNames.has(type)) return parameterNames.get(type);
  const defs = (loadSchema() as unknown as { definitions: Record<string, SchemaNode> }).definitions;
  const w = defs[`with_${type.replace('.', '_')}`];
  const names = w?.properties ? Object.keys(w.properties) : undefined;
  parameterNames.set(type, names);
  return names;
}

/** The JSON schema of a step type's `with` (undefined for an unknown type). */
export function stepWithSchema(type: string): object | undefined {
  const defs = (loadSchema() as unknown as { definitions: Record<string, SchemaNode> }).definitions;
  return defs[`with_${type.replace('.', '_')}`] as object | undefined;
}
