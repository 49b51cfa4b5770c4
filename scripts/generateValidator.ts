// `npm run generate:validator`: writes the precompiled ajv validator for schemas/pipeline.schema.json
// to src/core/pipeline/schema/pipelineValidator.generated.js. Run it after editing the schema; a unit
// test (test/unit/core/pipeline/examples.test.ts) fails while the committed file is stale.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { GENERATED_VALIDATOR, validatorSource } from '../src/core/pipeline/schema/validatorSource.js';

const file = resolve(__dirname, '..', GENERATED_VALIDATOR);
writeFileSync(file, validatorSource());
console.log(`wrote ${GENERATED_VALIDATOR}`);
