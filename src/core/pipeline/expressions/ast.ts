// The expression syntax tree. Offsets are document offsets when the parser was given a base offset,
// so validators can point at a sub-expression inside a YAML string.

/** Any expression node; `start`/`end` are offsets (end exclusive). */
export type Expr = LiteralExpr | IdentExpr | MemberExpr | IndexExpr | FilterExpr | CallExpr | UnaryExpr | BinaryExpr;

/** A string, number, boolean or null literal. */
export interface LiteralExpr {
  kind: 'literal';
  value: string | number | boolean | null;
  start: number;
  end: number;
}

/** A context root such as `params`, `steps` or `matrix`; names are case-insensitive, so `name` is lower-cased. */
export interface IdentExpr {
  kind: 'ident';
  name: string;
  start: number;
  end: number;
}

/** `object.property`; `propertyStart` locates the name after the dot. */
export interface MemberExpr {
  kind: 'member';
  object: Expr;
  property: string;
  propertyStart: number;
  start: number;
  end: number;
}

/** `object[index]`. */
export interface IndexExpr {
  kind: 'index';
  object: Expr;
  index: Expr;
  start: number;
  end: number;
}

/** `object.*` or `object[*]`: the values of an object or the items of a list, as a list (GitHub's object filter). */
export interface FilterExpr {
  kind: 'filter';
  object: Expr;
  start: number;
  end: number;
}

/** `name(args…)` for one of the built-in functions; `name` is the canonical spelling (`fromJSON` for `fromjson`). */
export interface CallExpr {
  kind: 'call';
  name: string;
  args: Expr[];
  start: number;
  end: number;
}

/** `!operand` or `-operand`. */
export interface UnaryExpr {
  kind: 'unary';
  op: '!' | '-';
  operand: Expr;
  start: number;
  end: number;
}

/** Binary operators, including the short-circuiting `&&` and `||`. */
export type BinaryOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';

/** `left op right`. */
export interface BinaryExpr {
  kind: 'binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
  start: number;
  end: number;
}

/** A problem found while parsing an expression, located by offsets. */
export interface ExpressionSyntaxError {
  message: string;
  start: number;
  end: number;
}
