// Helm errors: template execution (`template: chart/templates/x.yaml:12:20: executing …`), template
// parse errors (`parse error at (chart/templates/x.yaml:5): …`), YAML errors in rendered templates,
// and `helm lint` rows (`[ERROR] templates/x.yaml: …`). Paths start with the chart's name, which maps
// onto the step's chart folder.
import { join } from 'node:path';
import type { MatchContext, Problem, ProblemMatcher } from './Problem.js';
import { resolveIn } from './paths.js';

const TEMPLATE = /template: ([^\s:]+):(\d+):(\d+): (.*)$/;
const PARSE = /parse error (?:at|in) \(([^\s:]+):(\d+)\): (.*)$/;
const YAML_ON = /YAML parse error on ([^\s:]+): (.*)$/;
const LINT = /^\[(ERROR|WARNING|INFO)\] ([^\s:]+): (.*)$/;

/** Maps `<chartName>/rest` onto the chart folder when the step names one. */
function chartPath(ctx: MatchContext, printed: string, withChartName: boolean): string {
  const chartDir = ctx.hints?.chartDir;
  if (!chartDir) return resolveIn(ctx, printed);
  const rest = withChartName ? printed.split('/').slice(1).join('/') : printed;
  return resolveIn(ctx, join(chartDir, rest));
}

/** Matches helm template, install/upgrade and lint errors. See {@link ProblemMatcher}. */
export const helmMatcher: ProblemMatcher = {
  name: 'helm',
  create(ctx) {
    const one = (file: string, line: number, column: number, message: string, severity: Problem['severity'], code: string): Problem[] => [
      { file, line, column, message, severity, source: 'helm', code },
    ];
    return {
      line(text): Problem[] {
        let m = TEMPLATE.exec(text);
        if (m) {
          const detail = m[4].replace(/^executing "[^"]*" /, '');
          return one(chartPath(ctx, m[1], true), Number(m[2]), Number(m[3]), detail, 'error', 'template');
        }
        m = PARSE.exec(text);
        if (m) return one(chartPath(ctx, m[1], true), Number(m[2]), 1, m[3], 'error', 'parse');
        m = YAML_ON.exec(text);
        if (m) {
          // The YAML line counts lines of the rendered output, not the template, so only the file is certain.
          return one(chartPath(ctx, m[1], true), 1, 1, `rendered YAML is invalid: ${m[2]}`, 'error', 'yaml');
        }
        m = LINT.exec(text.trim());
        if (m && ctx.hints?.chartDir) {
          const severity = m[1] === 'ERROR' ? 'error' : m[1] === 'WARNING' ? 'warning' : 'info';
          return one(chartPath(ctx, m[2], false), 1, 1, m[3], severity, 'lint');
        }
        return [];
      },
      end: () => [],
    };
  },
};
