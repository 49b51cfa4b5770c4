// Warns when an expression compares a status with a value it can never have, e.g.
// `steps.build.status == 'failed'` (expressions see GitHub's `failure`; contracts/statusMapping).
import type { Diagnostic } from '../../contracts/diagnostics.js';
import { conclusionOf, EXPRESSION_STATUS_VALUES, STATUS_MAPPING } from '../../contracts/statusMapping.js';
import type { Expr } from '../expressions/ast.js';
import { referencePaths, walkExpression } from '../expressions/walkExpression.js';

const STEP_STATUS_FIELDS = ['status', 'outcome', 'conclusion'];
/** A step's fields are read once it has finished, so it is never `running` there. */
const STEP_VALUES = EXPRESSION_STATUS_VALUES.filter((v) => v !== 'running');

/** The status a path names (`steps.x.status`, `pipeline.status`) and the values it can take. */
function statusRead(e: Expr): { name: string; values: readonly string[] } | undefined {
  if (e.kind !== 'member' && e.kind !== 'index') return undefined;
  const p = referencePaths(e)[0];
  if (!p || p.start !== e.start || p.end !== e.end) return undefined;
  const s = p.segments.map((x) => x.toLowerCase());
  if (s.length === 3 && s[0] === 'steps' && STEP_STATUS_FIELDS.includes(s[2]!)) return { name: p.segments.join('.'), values: STEP_VALUES };
  if (s.length === 2 && s[0] === 'pipeline' && s[1] === 'status') return { name: 'pipeline.status', values: EXPRESSION_STATUS_VALUES };
  return undefined;
}

/** `status-value` warnings for `==`/`!=` comparisons of a status with an impossible string. */
export function statusComparisons(ast: Expr): Diagnostic[] {
  const out: Diagnostic[] = [];
  walkExpression(ast, (n) => {
    if (n.kind !== 'binary' || (n.op !== '==' && n.op !== '!=')) return;
    for (const [side, other] of [
      [n.left, n.right],
      [n.right, n.left],
    ] as const) {
      const read = statusRead(side);
      if (!read || other.kind !== 'literal' || typeof other.value !== 'string') continue;
      const value = other.value;
      // Expression strings compare case-insensitively, so 'Success' is fine.
      if (read.values.includes(value.toLowerCase())) continue;
      const mapped = STATUS_MAPPING[value.toLowerCase()] ? conclusionOf(value.toLowerCase()) : undefined;
      const suggestion = mapped && read.values.includes(mapped) ? mapped : undefined;
      out.push({
        severity: 'warning',
        code: 'status-value',
        message: `${read.name} is never '${value}': expressions see ${read.values.join(', ')}${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`,
        range: { start: other.start, end: other.end },
        data: { value, values: [...read.values], ...(suggestion ? { suggestion } : {}) },
      });
    }
  });
  return out;
}
