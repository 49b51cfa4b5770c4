// Static analysis helpers: which context paths (e.g. steps.build.outputs.tag) an expression reads.
import type { Expr } from './ast.js';

/** Calls `visit` for every node, parents before children. */
export function walkExpression(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  switch (e.kind) {
    case 'member':
    case 'filter':
      walkExpression(e.object, visit);
      break;
    case 'index':
      walkExpression(e.object, visit);
      walkExpression(e.index, visit);
      break;
    case 'call':
      for (const a of e.args) walkExpression(a, visit);
      break;
    case 'unary':
      walkExpression(e.operand, visit);
      break;
    case 'binary':
      walkExpression(e.left, visit);
      walkExpression(e.right, visit);
      break;
  }
}

/** A static property path read by an expression, with the range of each segment. */
export interface ReferencePath {
  /** e.g. ['steps', 'build', 'outputs', 'tag']; a dynamic index or a `.*` filter ends the path. The root is lower-cased (names are case-insensitive). */
  segments: string[];
  ranges: Array<{ start: number; end: number }>;
  start: number;
  end: number;
}

function pathOf(e: Expr): ReferencePath | undefined {
  if (e.kind === 'ident') return { segments: [e.name], ranges: [{ start: e.start, end: e.end }], start: e.start, end: e.end };
  if (e.kind === 'member') {
    const base = pathOf(e.object);
    if (!base) return undefined;
    return { segments: [...base.segments, e.property], ranges: [...base.ranges, { start: e.propertyStart, end: e.end }], start: e.start, end: e.end };
  }
  if (e.kind === 'index' && e.index.kind === 'literal' && typeof e.index.value === 'string') {
    const base = pathOf(e.object);
    if (!base) return undefined;
    return { segments: [...base.segments, e.index.value], ranges: [...base.ranges, { start: e.index.start, end: e.index.end }], start: e.start, end: e.end };
  }
  return undefined;
}

/** The longest static paths an expression reads (`steps.a.outputs.x`, not also `steps.a`). */
export function referencePaths(e: Expr): ReferencePath[] {
  const out: ReferencePath[] = [];
  const visit = (n: Expr): void => {
    const p = n.kind === 'member' || n.kind === 'ident' || n.kind === 'index' ? pathOf(n) : undefined;
    if (p) {
      out.push(p);
      if (n.kind === 'index') visit(n.index);
      // Dynamic sub-indexes inside the object still need their own references.
      let o: Expr = n;
      while (o.kind === 'member' || o.kind === 'index') {
        if (o.kind === 'index' && !(o.index.kind === 'literal')) visit(o.index);
        o = o.object;
      }
      return;
    }
    switch (n.kind) {
      case 'member':
      case 'filter':
        visit(n.object);
        break;
      case 'index':
        visit(n.object);
        visit(n.index);
        break;
      case 'call':
        n.args.forEach(visit);
        break;
      case 'unary':
        visit(n.operand);
        break;
      case 'binary':
        visit(n.left);
        visit(n.right);
        break;
    }
  };
  visit(e);
  return out;
}
