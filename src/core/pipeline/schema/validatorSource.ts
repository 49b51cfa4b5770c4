// Builds the standalone (precompiled) ajv validator for the pipeline schema. Compiling the schema
// at run time costs a few hundred milliseconds on the first validation; the generated module loads
// in tens. Regenerate after editing schemas/pipeline.schema.json with `npm run generate:validator`
// (scripts/generateValidator.ts; a unit test fails while the committed file is stale).
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import schemaJson from '../../../../schemas/pipeline.schema.json';

/**
 * The ajv options of the generated module. `optimize` (ajv's pass that drops dead assignments and
 * folds constants) costs nothing at run time here, as the code is generated ahead: the module comes
 * out a tenth smaller and its errors are the same, schemaPath included. `inlineRefs` stays on: with
 * each definition a function of its own, errors' schemaPath starts at the definition, and the enum
 * message reads `/anyOf/` from it (validateSchema.ts).
 */
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: false, allowUnionTypes: true, code: { optimize: true } } as const;

/** The generated module text (CommonJS) for the current schema. */
export function validatorSource(): string {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { ...AJV_OPTIONS.code, source: true } });
  const validate = ajv.compile(schemaJson);
  const header = '// GENERATED from schemas/pipeline.schema.json by `npm run generate:validator` (src/core/pipeline/schema/validatorSource.ts); do not edit.\n';
  return header + standaloneCode(ajv, validate);
}

/** Where the generated module lives, relative to the repository root. */
export const GENERATED_VALIDATOR = 'src/core/pipeline/schema/pipelineValidator.generated.js';
