// The pipeline-core functions the runner uses, in one place (re-exported from src/core/pipeline/).
// From the modules themselves, not the pipeline index: that would load the parser, the schema and
// its validators into every run.
export { interpolate, interpolateDeep, evaluateCondition } from '../pipeline/expressions/interpolate.js';
export { evaluateExpression } from '../pipeline/expressions/evaluateExpression.js';
export type { ExpressionContext } from '../pipeline/expressions/ExpressionContext.js';
export { expandMatrix } from '../pipeline/graph/expandMatrix.js';
