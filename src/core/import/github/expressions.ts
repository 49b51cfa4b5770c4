// GitHub expressions → ours. The language is the same (our evaluator follows GitHub's), so only the
// contexts change: `github.*` becomes the `ci` context, `needs.<job>.outputs` becomes
// `jobs.<job>.outputs`, `inputs`/`vars` become params. What has no local value is reported, never
// passed through (it would be an unknown-reference error in the pipeline).
import { findExpressions, tokenize, type Token } from '../../pipeline/expressions/index.js';
import type { DraftPath } from '../draft';
import type { ImportScope } from './scope';

export type Translated = { ok: true; text: string } | { ok: false; reason: string };

const GITHUB_REF = "case(ci.tag != '', format('refs/tags/{0}', ci.tag), format('refs/heads/{0}', ci.branch))";

/** GitHub's `needs.<job>.result` from the conclusions of the job's steps: the worst one wins. */
function jobResult(steps: string[]): string {
  const any = (status: string) => steps.map((s) => `steps.${s}.conclusion == '${status}'`).join(' || ');
  return `case(${any('failure')}, 'failure', ${any('cancelled')}, 'cancelled', ${any('success')}, 'success', 'skipped')`;
}

function render(rest: string[]): string {
  return rest.map((s) => (/^[A-Za-z_][\w-]*$/.test(s) ? `.${s}` : /^\d+$/.test(s) ? `[${s}]` : `['${s.replace(/'/g, "''")}']`)).join('');
}

/** `github.ref` compared with a literal ref reads better (and means the same) as a branch or tag test. */
function rewriteRefTests(src: string): string {
  const which = (kind: string) => (kind === 'heads' ? 'ci.branch' : 'ci.tag');
  return src
    .replace(/github\.ref\s*(==|!=)\s*'refs\/(heads|tags)\/([^']*)'/gi, (_m, op: string, kind: string, name: string) => `${which(kind)} ${op} '${name}'`)
    .replace(/'refs\/(heads|tags)\/([^']*)'\s*(==|!=)\s*github\.ref\b/gi, (_m, kind: string, name: string, op: string) => `${which(kind)} ${op} '${name}'`)
    .replace(/startsWith\(\s*github\.ref\s*,\s*'refs\/(heads|tags)\/([^']*)'\s*\)/gi, (m: string, kind: string, prefix: string, at: number, whole: string) => {
      if (prefix) return `startsWith(${which(kind)}, '${prefix}')`;
      // The call was one operand; as a comparison it needs brackets where an operator binds it.
      const bound = /!\s*$/.test(whole.slice(0, at)) || /^\s*(==|!=|<|>)/.test(whole.slice(at + m.length)) || /(==|!=|<|>)\s*$/.test(whole.slice(0, at));
      return bound ? `(${which(kind)} != '')` : `${which(kind)} != ''`;
    });
}

type PathResult = { ok: true; text: string } | { ok: false; reason: string };

function mapGithub(rest: string[], scope: ImportScope, at: DraftPath): PathResult {
  const [name = '', ...tail] = rest.map((s, i) => (i === 0 ? s.toLowerCase() : s));
  // ref_name is the tag on a tag push, the branch otherwise: `||` returns the first non-empty.
  const simple: Record<string, string> = { ref_name: '(ci.tag || ci.branch)', head_ref: 'ci.branch', sha: 'ci.commit', event_name: 'ci.event', repository: 'ci.repository', workspace: 'env.ANSFLOW_WORKSPACE', run_id: 'run.id' };
  if (name in simple && tail.length === 0) return { ok: true, text: simple[name]! };
  if (name === 'ref' && tail.length === 0) return { ok: true, text: GITHUB_REF };
  if (name === 'token' && tail.length === 0) {
    scope.secrets.add('GITHUB_TOKEN');
    return { ok: true, text: 'secrets.GITHUB_TOKEN' };
  }
  if (name === 'event' && tail[0]?.toLowerCase() === 'inputs' && tail[1]) {
    scope.params.set(tail[1], 'workflow input');
    return { ok: true, text: `params.${tail[1]}${render(tail.slice(2))}` };
  }
  if (name === 'run_number' || name === 'run_attempt') {
    scope.note(at, `github.${name} is read as run.id (the local run id)`);
    return { ok: true, text: 'run.id' };
  }
  return { ok: false, reason: `github.${[name, ...tail].join('.')} has no local value` };
}

function mapPath(segments: string[], scope: ImportScope, at: DraftPath): PathResult {
  const [rootRaw, ...rest] = segments;
  const root = rootRaw!.toLowerCase();
  switch (root) {
    case 'github':
      return mapGithub(rest, scope, at);
    case 'inputs':
      if (!rest[0]) return { ok: false, reason: 'inputs without a name' };
      scope.params.set(rest[0], 'workflow input');
      return { ok: true, text: `params.${rest[0]}${render(rest.slice(1))}` };
    case 'vars':
      if (!rest[0]) return { ok: false, reason: 'vars without a name' };
      scope.params.set(rest[0], 'configuration variable (vars)');
      return { ok: true, text: `params.${rest[0]}${render(rest.slice(1))}` };
    case 'secrets':
      if (!rest[0]) return { ok: false, reason: 'the whole secrets context cannot be read' };
      scope.secrets.add(rest[0]);
      return { ok: true, text: `secrets.${rest[0]}${render(rest.slice(1))}` };
    // Already ours: written by the branch and tag rewrite above.
    case 'matrix':
      if (scope.matrixDropped) return { ok: false, reason: 'the matrix of this job is computed at run time and not translated' };
      return { ok: true, text: `${root}${render(rest)}` };
    case 'ci':
    case 'env':
      return { ok: true, text: `${root}${render(rest)}` };
    case 'steps': {
      const id = rest[0] !== undefined ? scope.stepIds.get(rest[0]) : undefined;
      if (!id) return { ok: false, reason: `steps.${rest[0] ?? ''} names no step of this job` };
      return { ok: true, text: `steps.${id}${render(rest.slice(1))}` };
    }
    case 'needs':
      if (rest[0] && rest[1]?.toLowerCase() === 'outputs') return { ok: true, text: `jobs.${rest[0]}.outputs${render(rest.slice(2))}` };
      if (rest[0] && rest[1]?.toLowerCase() === 'result' && rest.length === 2 && scope.jobSteps.get(rest[0])?.length) return { ok: true, text: jobResult(scope.jobSteps.get(rest[0])!) };
      return { ok: false, reason: `needs.${rest.join('.')} has no local counterpart` };
    case 'job':
      if (rest[0]?.toLowerCase() === 'status' && rest.length === 1) {
        scope.note(at, "job.status is read as pipeline.status (the run's status so far)");
        return { ok: true, text: 'pipeline.status' };
      }
      if (rest[0]?.toLowerCase() === 'services' && rest[1] && rest[2]) return { ok: true, text: `services.${rest[1]}${render(rest.slice(2))}` };
      return { ok: false, reason: `job.${rest.join('.')} has no local value` };
    case 'runner':
      if (rest[0]?.toLowerCase() === 'os' && rest.length === 1) {
        scope.note(at, "runner.os is read as 'Linux'");
        return { ok: true, text: "'Linux'" };
      }
      return { ok: false, reason: `runner.${rest.join('.')} has no local value` };
    default:
      return { ok: false, reason: `the ${rootRaw} context has no local counterpart` };
  }
}

/** Translates the inside of one `${{ }}` (or an `if:`), context by context. */
export function translateExpression(source: string, scope: ImportScope, at: DraftPath): Translated {
  const src = rewriteRefTests(source);
  const { tokens, errors } = tokenize(src);
  if (errors.length) return { ok: false, reason: `the expression does not parse: ${errors[0]!.message}` };
  let out = '';
  let pos = 0;
  const KEYWORDS = new Set(['true', 'false', 'null', 'nan', 'infinity']);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const prev: Token | undefined = tokens[i - 1];
    if (t.kind !== 'ident' || (prev?.kind === 'punct' && prev.value === '.')) continue;
    const next = tokens[i + 1];
    if ((next?.kind === 'punct' && next.value === '(') || KEYWORDS.has(String(t.value).toLowerCase())) continue;
    const segments = [String(t.value)];
    let end = t.end;
    let j = i + 1;
    for (;;) {
      const a = tokens[j];
      const b = tokens[j + 1];
      const c = tokens[j + 2];
      if (a?.kind === 'punct' && a.value === '.' && b?.kind === 'ident') {
        segments.push(String(b.value));
        end = b.end;
        j += 2;
      } else if (a?.kind === 'punct' && a.value === '[' && (b?.kind === 'string' || b?.kind === 'number') && c?.kind === 'punct' && c.value === ']') {
        segments.push(String(b.value));
        end = c.end;
        j += 3;
      } else break;
    }
    const mapped = mapPath(segments, scope, at);
    if (!mapped.ok) return mapped;
    out += src.slice(pos, t.start) + mapped.text;
    pos = end;
    i = j - 1;
  }
  return { ok: true, text: (out + src.slice(pos)).trim() };
}

/** A condition (`if:`), with or without `${{ }}` around it. */
export function translateCondition(condition: string, scope: ImportScope, at: DraftPath): Translated {
  const trimmed = condition.trim();
  const whole = /^\$\{\{([\s\S]*)\}\}$/.exec(trimmed);
  const inner = whole && findExpressions(trimmed).length === 1 ? whole[1]! : trimmed;
  return translateExpression(inner, scope, at);
}

export interface TranslatedText {
  text: string;
  /** Expressions that could not be translated (replaced by nothing in `text`). */
  failed: { source: string; reason: string }[];
}

/** Every `${{ }}` of a text value translated; the ones that cannot be are left out of the text. */
export function translateText(text: string, scope: ImportScope, at: DraftPath): TranslatedText {
  const found = findExpressions(text);
  if (found.length === 0) return { text, failed: [] };
  let out = '';
  let pos = 0;
  const failed: TranslatedText['failed'] = [];
  for (const f of found) {
    out += text.slice(pos, f.start);
    const t = translateExpression(f.source, scope, at);
    if (t.ok) out += `\${{ ${t.text} }}`;
    else failed.push({ source: text.slice(f.start, f.end), reason: t.reason });
    pos = f.end;
  }
  return { text: out + text.slice(pos), failed };
}

/** translateText for a value the draft keeps: untranslatable parts become a warning and a comment. */
export function translateValue(value: unknown, scope: ImportScope, at: DraftPath): unknown {
  if (typeof value === 'string') {
    const t = translateText(value, scope, at);
    for (const f of t.failed) {
      scope.warn('changed-meaning', at, `${f.source} left out: ${f.reason}`);
      scope.comment(at, `was ${value.split('\n')[0]} — ${f.source} left out (${f.reason})`);
    }
    return t.text;
  }
  if (Array.isArray(value)) return value.map((v, i) => translateValue(v, scope, [...at, i]));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, translateValue(v, scope, [...at, k])]));
  return value;
}
