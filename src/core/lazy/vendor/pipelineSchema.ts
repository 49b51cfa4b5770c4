// The pipeline JSON Schema as a module of its own: dist/lazy/pipeline-schema.js in the bundles.
import schema from '../../../../schemas/pipeline.schema.json';

export default schema as object;
