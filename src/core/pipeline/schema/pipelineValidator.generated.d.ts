// Types for the generated standalone validator (see validatorSource.ts).
import type { ValidateFunction } from 'ajv';

/** Validates a pipeline's plain value against schemas/pipeline.schema.json (ajv, precompiled). */
declare const validate: ValidateFunction;
export default validate;
