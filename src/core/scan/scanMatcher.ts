// Reads the scan step's finding lines back from its log, so the run experience puts them in the
// Problems panel at their file and line like any tool's output.
import type { Problem, ProblemMatcher } from '../problems/Problem.js';
import { resolveIn } from '../problems/paths.js';
import { parseFindingLine } from './findingLines.js';

export const scanMatcher: ProblemMatcher = {
  name: 'scan',
  create(ctx) {
    return {
      line(text): Problem[] {
        const f = parseFindingLine(text);
        if (!f) return [];
        const severity = f.severity === 'critical' || f.severity === 'high' ? 'error' : f.severity === 'medium' ? 'warning' : 'info';
        return [{ file: resolveIn(ctx, f.file), line: f.line, column: f.column, message: f.message, severity, source: 'scan', code: f.rule }];
      },
      end: () => [],
    };
  },
};
