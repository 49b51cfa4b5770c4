// Public surface of the expression language: parser (with positions), evaluator, interpolation.
export type { Expr, BinaryOp, ExpressionSyntaxError, LiteralExpr, IdentExpr, MemberExpr, IndexExpr, FilterExpr, CallExpr, UnaryExpr, BinaryExpr } from './ast.js';
export { tokenize, type Token, type TokenKind } from './tokenize.js';
export { parseExpression, type ParsedExpression } from './parseExpression.js';
export { evaluateExpression, evaluateAst, contextRoots } from './evaluateExpression.js';
export { interpolate, interpolateDeep, evaluateCondition, conditionSource } from './interpolate.js';
export { findExpressions, type FoundExpression } from './findExpressions.js';
export { ExpressionError, CONTEXT_ROOTS, type ExpressionContext, type ExpressionState } from './ExpressionContext.js';
export { FUNCTIONS, findFunction, type BuiltinFunction } from './functions.js';
export { truthy, looseEquals, compare, toDisplayString, toNumber, parseNumber, formatNumber } from './coerce.js';
export { walkExpression, referencePaths, type ReferencePath } from './walkExpression.js';
