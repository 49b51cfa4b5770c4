// Plain scalar resolution and scalar nodes as the `yaml` package builds them, for the fast composer
// (fastCompose.ts). A plain scalar yaml would read differently from its text (a big integer, an octal
// or hex number, .inf/.nan) makes the composer give up through `giveUp`.
import { Pair, Scalar } from 'yaml';

const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** YAML 1.2 core schema resolution of a plain scalar, as the `yaml` package does it. */
export function resolvePlain(s: string, giveUp: () => never): unknown {
  switch (s) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
  }
  const c = s.charCodeAt(0);
  // Only text starting like a number can be one; skip the regexes for everything else.
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) {
    if (INT.test(s)) {
      const n = Number(s);
      return Number.isSafeInteger(n) ? n : giveUp();
    }
    if (FLOAT.test(s)) return Number(s);
    if (/^0[ox]|^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$/.test(s)) giveUp();
  }
  return s;
}

// yaml's node constructors mark each node with Object.defineProperty (its node-type symbol), a slow
// runtime call per node, ~40,000 times for a 2,000-step file. These constructors put the mark on a
// prototype that inherits yaml's instead: `isScalar`/`isPair` read it through the prototype chain,
// `instanceof` and every method still hold, and a node's own enumerable fields are what yaml's are.
const NODE_TYPE = Symbol.for('yaml.node.type');

function markedPrototype<T extends object>(proto: T, type: string): T {
  const p = Object.create(proto) as T;
  Object.defineProperty(p, NODE_TYPE, { value: Symbol.for(type) });
  return p;
}

const FastScalar = function (this: Scalar, value: unknown, range: [number, number, number], type: Scalar.Type) {
  this.value = value;
  this.range = range;
  this.type = type;
} as unknown as new (value: unknown, range: [number, number, number], type: Scalar.Type) => Scalar;
FastScalar.prototype = markedPrototype(Scalar.prototype, 'yaml.scalar');

const FastPair = function (this: Pair, key: unknown, value: unknown) {
  this.key = key;
  this.value = value;
} as unknown as new (key: unknown, value: unknown) => Pair;
FastPair.prototype = markedPrototype(Pair.prototype, 'yaml.pair');

export function scalar(value: unknown, start: number, end: number, type: Scalar.Type, source?: string): Scalar {
  const s = new FastScalar(value, [start, end, end], type);
  if (source !== undefined) s.source = source;
  return s;
}

/** A map entry, as yaml's `new Pair(key, value)` builds it. */
export function pair(key: unknown, value: unknown): Pair {
  return new FastPair(key, value);
}

