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
  // Read from the outermost node inwards, then reversed: one array per path, not one per segment.
  const segments: string[] = [];
  const ranges: Array<{ start: number; end: number }> = [];
  for (let n = e; ; ) {
    if (n.kind === 'ident') {
      segments.push(n.name);
      ranges.push({ start: n.start, end: n.end });
      break;
    }
    if (n.kind === 'member') {
      segments.push(n.property);
      ranges.push({ start: n.propertyStart, end: n.end });
    } else if (n.kind === 'index' && n.index.kind === 'literal' && typeof n.index.value === 'string') {
      segments.push(n.index.value);
      ranges.push({ start: n.index.start, end: n.index.end });
    } else return undefined;
    n = n.object;
  }
  return { segments: segments.reverse(), ranges: ranges.reverse(), start: e.start, end: e.end };
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
