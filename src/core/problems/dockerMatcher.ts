// Docker build failures pointing at the Dockerfile line: the legacy builder's `Step N/M : INSTR`
// followed by a failure (mapped to the Nth instruction), BuildKit's `Dockerfile:N` error block,
// and `dockerfile parse error line N`.
import type { MatchContext, Problem, ProblemMatcher } from './Problem.js';
import { readText, resolveIn } from './paths.js';

const STEP = /^Step (\d+)\/\d+ : (.*)$/;
const STEP_FAILED = /returned a non-zero code: (\d+)|^(?:COPY|ADD) failed: |^failed to |^Error response from daemon: |^unable to |^error: /i;
const PARSE_ERROR = /dockerfile parse error (?:on )?line (\d+): (.*)$/i;
const BUILDKIT_LOC = /^(\S*Dockerfile[\w.-]*):(\d+)$/;
const BUILDKIT_ERROR = /^(?:ERROR|error):?\s+(.*)$/;

/** 1-based start lines of each instruction in a Dockerfile, honouring comments and line continuations. */
export function dockerfileInstructionLines(text: string): number[] {
  const lines = text.split(/\r?\n/);
  const escape = /^#\s*escape\s*=\s*`/m.test(lines.slice(0, 5).join('\n')) ? '`' : '\\';
  const starts: number[] = [];
  let continuing = false;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (!continuing) {
      if (t === '' || t.startsWith('#')) continue;
      starts.push(i + 1);
    } else if (t.startsWith('#')) {
      continue;
    }
    continuing = t.endsWith(escape);
  }
  return starts;
}

function dockerfilePath(ctx: MatchContext, printed?: string): string {
  const hint = ctx.hints?.dockerfile;
  if (hint && (!printed || hint.endsWith(printed.replace(/^.*[\\/]/, '')))) return resolveIn(ctx, hint);
  return resolveIn(ctx, printed ?? 'Dockerfile');
}

/** Matches docker build failures. See {@link ProblemMatcher}. */
export const dockerMatcher: ProblemMatcher = {
  name: 'docker',
  create(ctx) {
    let step: { n: number; instruction: string } | undefined;
    let reported = false;
    let buildkit: { file: string; line: number } | undefined;
    const at = (file: string, line: number, message: string, code: string): Problem[] => [
      { file, line, column: 1, message, severity: 'error', source: 'docker', code },
    ];
    return {
      line(text): Problem[] {
        const s = STEP.exec(text);
        if (s) {
          step = { n: Number(s[1]), instruction: s[2] };
          reported = false;
          return [];
        }
        const p = PARSE_ERROR.exec(text);
        if (p) return at(dockerfilePath(ctx), Number(p[1]), p[2], 'parse');
        const b = BUILDKIT_LOC.exec(text.trim());
        if (b) {
          buildkit = { file: dockerfilePath(ctx, b[1]), line: Number(b[2]) };
          return [];
        }
        if (buildkit) {
          const e = BUILDKIT_ERROR.exec(text.trim());
          if (e) {
            const out = at(buildkit.file, buildkit.line, e[1], 'build');
            buildkit = undefined;
            return out;
          }
          return [];
        }
        if (step && !reported && STEP_FAILED.test(text.trim())) {
          reported = true;
          const file = dockerfilePath(ctx);
          const starts = dockerfileInstructionLines(readText(ctx, file) ?? '');
          const line = starts[step.n - 1] ?? 1;
          return at(file, line, `${step.instruction}: ${text.trim()}`, 'build');
        }
        return [];
      },
      end: () => [],
    };
  },
};
