// Plain scalar resolution and scalar nodes as the `yaml` package builds them, for the fast composer
// (fastCompose.ts). A plain scalar yaml would read differently from its text (a big integer, an octal
// or hex number, .inf/.nan) makes the composer give up through `giveUp`.
import { Scalar } from 'yaml';

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

export function scalar(value: unknown, start: number, end: number, type: Scalar.Type, source?: string): Scalar {
  const s = new Scalar(value);
  s.range = [start, end, end];
  s.type = type;
  if (source !== undefined) s.source = source;
  return s;
}

