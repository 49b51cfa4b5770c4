// gcc/clang-style `file:line[:col]: [severity:] message` lines, the lingua franca of compilers,
// linters (mypy, shellcheck -f gcc, go vet, yamllint -f parsable) and many scripts.
import type { Problem, ProblemMatcher, ProblemSeverity } from './Problem.js';
import { resolveIn } from './paths.js';

// The path must look like one (a dot or a slash, no spaces) so prose with colons is not taken for it.
const LINE = /^((?:[A-Za-z]:)?[^\s:()"']*[./][^\s:()"']*):(\d+)(?::(\d+))?:\s+(?:(fatal error|error|warning|note|info)(?:\s*\[([^\]]+)\])?:\s*)?(.+)$/;

/** Matches gcc-style `file:line:col: severity: message`. See {@link ProblemMatcher}. */
export const gccMatcher: ProblemMatcher = {
  name: 'gcc',
  create(ctx) {
    return {
      line(text): Problem[] {
        const m = LINE.exec(text.trimStart());
        if (!m || /^https?$/.test(m[1])) return [];
        // A bare `file:line:` without a severity word only counts when a column pins it down too.
        if (!m[4] && !m[3]) return [];
        const sev = m[4];
        const severity: ProblemSeverity = sev === 'warning' ? 'warning' : sev === 'note' || sev === 'info' ? 'info' : 'error';
        return [
          {
            file: resolveIn(ctx, m[1]),
            line: Number(m[2]),
            column: m[3] ? Number(m[3]) : 1,
            message: m[6].trim(),
            severity,
            source: 'gcc',
            code: m[5],
          },
        ];
      },
      end: () => [],
    };
  },
};
