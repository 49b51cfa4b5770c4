// TypeScript compiler output, both the plain `file(line,col): error TSn: msg` form and the
// `--pretty` form `file:line:col - error TSn: msg`.
import type { Problem, ProblemMatcher, ProblemSeverity } from './Problem.js';
import { resolveIn } from './paths.js';

const PLAIN = /^(.+?)\((\d+),(\d+)\):\s+(error|warning|message)\s+(TS\d+):\s*(.*)$/;
const PRETTY = /^(.+?):(\d+):(\d+)\s+-\s+(error|warning|message)\s+(TS\d+):\s*(.*)$/;

/** Matches `tsc` diagnostics. See {@link ProblemMatcher}. */
export const tscMatcher: ProblemMatcher = {
  name: 'tsc',
  create(ctx) {
    return {
      line(text): Problem[] {
        const m = PLAIN.exec(text) ?? PRETTY.exec(text);
        if (!m) return [];
        const severity: ProblemSeverity = m[4] === 'error' ? 'error' : m[4] === 'warning' ? 'warning' : 'info';
        return [
          {
            file: resolveIn(ctx, m[1].trim()),
            line: Number(m[2]),
            column: Number(m[3]),
            message: m[6],
            severity,
            source: 'tsc',
            code: m[5],
          },
        ];
      },
      end: () => [],
    };
  },
};
