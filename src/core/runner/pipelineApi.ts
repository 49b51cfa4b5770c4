// The pipeline-core functions the runner uses, in one place (re-exported from the core, whose
// names and signatures are the ones agreed in TEAM.md).
export { interpolate, interpolateDeep, evaluateCondition, evaluateExpression, expandMatrix, type ExpressionContext } from '../pipeline/index.js';
