// ESLint output: the default "stylish" format (a file header line, then indented
// `line:col  severity  message  rule` rows) and the `compact`/`unix` one-line formats.
import type { Problem, ProblemMatcher } from './Problem.js';
import { resolveIn } from './paths.js';


/** A stylish header is a path alone on its line: absolute, or relative with a folder or an extension. */
function isHeader(text: string): boolean {
  if (/^\s/.test(text) || /:\d+/.test(text)) return false;
  const t = text.trim();
  if (!/\.[A-Za-z0-9]+$/.test(t)) return false;
  return t.startsWith('/') || /^[A-Za-z]:[\\/]/.test(t) || /^[\w.@-]+([\\/][^\\/]+)*$/.test(t);
}
const ROW = /^\s+(\d+):(\d+)\s+(error|warning)\s+(.+?)(?:\s{2,}([@\w/-]+))?\s*$/;
const COMPACT = /^(.+?): line (\d+), col (\d+), (Error|Warning) - (.+?)(?: \(([@\w/-]+)\))?$/;

/** Matches eslint's stylish and compact formats. See {@link ProblemMatcher}. */
export const eslintMatcher: ProblemMatcher = {
  name: 'eslint',
  create(ctx) {
    let file: string | undefined;
    return {
      line(text): Problem[] {
        const c = COMPACT.exec(text);
        if (c) {
          return [
            {
              file: resolveIn(ctx, c[1]),
              line: Number(c[2]),
              column: Number(c[3]),
              message: c[5],
              severity: c[4] === 'Error' ? 'error' : 'warning',
              source: 'eslint',
              code: c[6],
            },
          ];
        }
        if (text.trim() === '') {
          file = undefined;
          return [];
        }
        if (isHeader(text)) {
          file = resolveIn(ctx, text.trim());
          return [];
        }
        const r = file ? ROW.exec(text) : null;
        if (!r || !file) return [];
        return [
          {
            file,
            line: Number(r[1]),
            column: Number(r[2]),
            message: r[4].trim(),
            severity: r[3] === 'error' ? 'error' : 'warning',
            source: 'eslint',
            code: r[5],
          },
        ];
      },
      end: () => [],
    };
  },
};
