// The pipeline-core functions the runner uses, in one place (re-exported from src/core/pipeline/).
export { interpolate, interpolateDeep, evaluateCondition, evaluateExpression, expandMatrix, type ExpressionContext } from '../pipeline/index.js';
