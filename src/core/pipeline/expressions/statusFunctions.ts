// Whether an `if:` calls one of the status functions. GitHub Actions evaluates a condition that
// calls none of them as `success() && (…)`; the runner and the validator's hint both ask this.
import type { Expr } from './ast.js';
import { findExpressions } from './findExpressions.js';
import { parseExpression } from './parseExpression.js';
import { walkExpression } from './walkExpression.js';

/** The functions that read the run's state instead of values. */
export const STATUS_FUNCTIONS: readonly string[] = ['success', 'failure', 'always', 'cancelled'];

function astCalls(ast: Expr | undefined): boolean {
  let found = false;
  if (ast)
    walkExpression(ast, (n) => {
      if (n.kind === 'call' && STATUS_FUNCTIONS.includes(n.name.toLowerCase())) found = true;
    });
  return found;
}

/**
 * True when the condition (a bare expression, one `${{ }}`, or text mixing literals and `${{ }}`)
 * calls success(), failure(), always() or cancelled() anywhere. Unparseable parts count as no call.
 */
export function callsStatusFunction(condition: string): boolean {
  const text = condition.trim();
  if (!text.includes('${{')) return astCalls(parseExpression(text).ast);
  return findExpressions(text, 0).some((f) => !f.unterminated && astCalls(parseExpression(f.source).ast));
}
