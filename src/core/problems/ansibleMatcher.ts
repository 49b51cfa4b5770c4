// ansible-playbook output: `fatal:`/`failed:` task results under their `TASK [name]` banner, located by
// `task path:` (printed with -v) or, without it, by finding the task's `name:` in the playbook;
// and `ERROR!` messages located by "The error appears to be in 'file': line N, column M".
import type { MatchContext, Problem, ProblemMatcher } from './Problem.js';
import { escapeRegExp, readText, resolveIn } from './paths.js';

const TASK = /^TASK \[(.*)\]\s*\**\s*$/;
const TASK_PATH = /^task path: (.+):(\d+)\s*$/;
const FAILED = /^(fatal|failed): \[([^\]]+)\](?: \(item=(.*?)\))?: (?:FAILED|UNREACHABLE)! => (.*)$/;
const ERROR = /^ERROR! (.*)$/;
const APPEARS = /^The (?:error|offending line) appears to be in '(.+?)': line (\d+), column (\d+)/;

/** Pulls the human part out of a task result's JSON (msg, then stderr, then the module's stderr). */
function resultMessage(json: string): string {
  try {
    const r = JSON.parse(json) as Record<string, unknown>;
    for (const key of ['msg', 'stderr', 'module_stderr', 'reason']) {
      const v = r[key];
      if (typeof v === 'string' && v.trim()) return v.trim().split('\n')[0];
    }
  } catch {
    // Not JSON (e.g. a YAML callback); fall through to the raw text.
  }
  return json.trim().slice(0, 300);
}

/** Finds the 1-based line of `- name: <task>` in the playbook text, if the task is named there. */
function findTaskLine(ctx: MatchContext, task: string): { file: string; line: number; column: number } | undefined {
  const playbook = ctx.hints?.playbook;
  if (!playbook) return undefined;
  const file = resolveIn(ctx, playbook);
  const text = readText(ctx, file);
  if (!text) return undefined;
  // Role tasks are shown as `role : task`; the playbook (or role file) names only the task.
  const bare = task.includes(' : ') ? task.slice(task.indexOf(' : ') + 3) : task;
  const re = new RegExp(`^(\\s*-?\\s*)name:\\s*(['"]?)${escapeRegExp(bare)}\\2\\s*(#.*)?$`);
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = re.exec(lines[i]);
    if (m) return { file, line: i + 1, column: m[1].length + 1 };
  }
  return undefined;
}

/** Matches failed Ansible tasks and playbook errors. See {@link ProblemMatcher}. */
export const ansibleMatcher: ProblemMatcher = {
  name: 'ansible',
  create(ctx) {
    let task: string | undefined;
    let taskPath: { file: string; line: number } | undefined;
    let pending: Problem | undefined;
    let pendingError: string | undefined;

    const flush = (): Problem[] => {
      const out = pending ? [pending] : [];
      pending = undefined;
      return out;
    };

    return {
      line(text): Problem[] {
        // `...ignoring` right after a failure means ignore_errors: it is not a problem.
        if (/^\.\.\.ignoring\s*$/.test(text)) {
          pending = undefined;
          return [];
        }
        const out = flush();
        const t = TASK.exec(text);
        if (t) {
          task = t[1];
          taskPath = undefined;
          return out;
        }
        const p = TASK_PATH.exec(text);
        if (p) {
          taskPath = { file: resolveIn(ctx, p[1]), line: Number(p[2]) };
          return out;
        }
        const f = FAILED.exec(text);
        if (f) {
          const where = taskPath ? { ...taskPath, column: 1 } : task ? findTaskLine(ctx, task) : undefined;
          const item = f[3] ? ` (item=${f[3]})` : '';
          const message = `[${f[2]}]${item} task '${task ?? '?'}' failed: ${resultMessage(f[4])}`;
          if (where) pending = { ...where, message, severity: 'error', source: 'ansible', code: f[1] === 'fatal' ? 'fatal' : 'failed' };
          return out;
        }
        const e = ERROR.exec(text);
        if (e) {
          pendingError = e[1];
          return out;
        }
        // Indented lines between `ERROR!` and its location carry the real cause (e.g. the YAML error).
        if (pendingError !== undefined && /^\s+\S/.test(text) && !pendingError.includes(' — ')) {
          pendingError = `${pendingError} — ${text.trim()}`;
          return out;
        }
        const a = APPEARS.exec(text);
        if (a && pendingError) {
          out.push({
            file: resolveIn(ctx, a[1]),
            line: Number(a[2]),
            column: Math.max(1, Number(a[3])),
            message: pendingError,
            severity: 'error',
            source: 'ansible',
            code: 'error',
          });
          pendingError = undefined;
        }
        return out;
      },
      end: () => flush(),
    };
  },
};
