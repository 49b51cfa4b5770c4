import type { DraftPath } from '../draft';
import { quoteSource, type ImportNotes } from '../shared/importNotes';
import { exprString } from '../shared/pipelineText';
import { and, not, or, regexMatch, translateIf, type VarRef } from './glCondition';
import { isRecord } from '../../util/isRecord';

// `rules:`, `only:`/`except:` and `workflow: rules:` folded into one condition. GitLab takes the first
// rule that matches: a `when: never` rule excludes, any other includes; no match excludes.

export type GlWhen = 'on_success' | 'on_failure' | 'always' | 'manual' | 'delayed';

export interface JobCondition {
  /** Our expression without status functions; 'true' when the job always runs. */
  cond: string;
  when: GlWhen;
  /** `allow_failure` set by the rules, when they agree on it. */
  allowFailure?: unknown;
  /** Each rule's test and the variables it sets, in order, when some rule sets variables. */
  ruleVariables?: { test: string; variables?: Record<string, unknown> }[];
}

function list(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

function ifCondition(source: unknown, ref: VarRef, notes: ImportNotes, path: DraftPath): string {
  const text = String(source);
  const t = translateIf(text, ref);
  if (!t) {
    notes.warn('changed-meaning', path, `rule 'if: ${text}' could not be read; it is treated as true here`);
    return 'true';
  }
  for (const u of t.untranslated) notes.warn('changed-meaning', path, `'${u}' has no counterpart (regexes other than literal prefix/suffix/text); it is treated as true here`);
  return t.expr;
}

function existsCondition(v: unknown): string {
  const paths = isRecord(v) ? list(v.paths) : list(v);
  return `hashFiles(${paths.map((p) => exprString(String(p))).join(', ')}) != ''`;
}

function changesNote(v: unknown, notes: ImportNotes, path: DraftPath): string {
  notes.warn('changed-meaning', path, `${quoteSource('changes', v).replace(/\n\s*/g, ' ')}: runs whatever changed (a local run has no push to compare with)`);
  return 'true';
}

/** One rule's own test (if, exists, changes together). */
function ruleTest(rule: Record<string, unknown>, ref: VarRef, notes: ImportNotes, path: DraftPath): string {
  const parts: string[] = [];
  if (rule.if !== undefined) parts.push(ifCondition(rule.if, ref, notes, path));
  if (rule.exists !== undefined) parts.push(existsCondition(rule.exists));
  if (rule.changes !== undefined) parts.push(changesNote(rule.changes, notes, path));
  return and(parts);
}

export function foldRules(rules: unknown[], defaultWhen: GlWhen, ref: VarRef, notes: ImportNotes, path: DraftPath): JobCondition {
  let cond = 'false';
  const whens: GlWhen[] = [];
  const allowFailures = new Set<string>();
  const parsed = rules.filter(isRecord).map((rule) => ({ rule, test: ruleTest(rule, ref, notes, path) }));
  for (let i = parsed.length - 1; i >= 0; i--) {
    const { rule, test } = parsed[i];
    if (rule.when === 'never') cond = and([not(test), cond]);
    else cond = or([test, cond]);
  }
  for (const { rule } of parsed) {
    if (rule.when === 'never') continue;
    whens.push(typeof rule.when === 'string' ? (rule.when as GlWhen) : defaultWhen);
    if (rule.allow_failure !== undefined) allowFailures.add(JSON.stringify(rule.allow_failure));
    for (const key of ['needs', 'start_in', 'interruptible']) {
      if (rule[key] !== undefined) notes.warn('changed-meaning', path, `${quoteSource(key, rule[key]).replace(/\n\s*/g, ' ')} set by a rule is not applied`);
    }
  }
  const distinct = [...new Set(whens)];
  if (distinct.length > 1) notes.warn('changed-meaning', path, `rules choose different 'when' values (${distinct.join(', ')}); '${distinct[0]}' is used for every match`);
  const ruleVariables = parsed.some(({ rule }) => isRecord(rule.variables)) ? parsed.map(({ rule, test }) => ({ test, variables: isRecord(rule.variables) ? rule.variables : undefined })) : undefined;
  return { cond, when: distinct[0] ?? defaultWhen, allowFailure: allowFailures.size === 1 ? JSON.parse([...allowFailures][0]) : undefined, ruleVariables };
}

const SOURCES: Record<string, string> = {
  merge_requests: 'merge_request_event',
  schedules: 'schedule',
  web: 'web',
  api: 'api',
  pipelines: 'pipeline',
  triggers: 'trigger',
  pushes: 'push',
  external: 'external',
  chat: 'chat',
  external_pull_requests: 'external_pull_request_event',
};

function refCondition(r: string, notes: ImportNotes, path: DraftPath): string {
  if (r === 'branches') return "ci.branch != ''";
  if (r === 'tags') return "ci.tag != ''";
  if (SOURCES[r]) return `ci.event == '${SOURCES[r]}'`;
  const re = /^\/(.*)\/[a-z]*$/.exec(r);
  if (re) {
    const m = regexMatch('(ci.tag || ci.branch)', re[1]);
    if (m) return m;
    notes.warn('changed-meaning', path, `ref pattern ${r} has no counterpart; it is treated as matching`);
    return 'true';
  }
  return `(ci.tag || ci.branch) == ${exprString(r.replace(/@.*$/, ''))}`;
}

function onlyCondition(spec: unknown, ref: VarRef, notes: ImportNotes, path: DraftPath): string {
  if (!isRecord(spec)) return or(list(spec).map((r) => refCondition(String(r), notes, path)));
  const parts: string[] = [];
  if (spec.refs !== undefined) parts.push(or(list(spec.refs).map((r) => refCondition(String(r), notes, path))));
  if (spec.variables !== undefined) parts.push(or(list(spec.variables).map((v) => ifCondition(v, ref, notes, path))));
  if (spec.changes !== undefined) parts.push(changesNote(spec.changes, notes, path));
  if (spec.kubernetes !== undefined) notes.warn('changed-meaning', path, 'only: kubernetes is not checked');
  return and(parts);
}

/** The condition and `when` of a job from its rules, only/except and when. */
export function jobCondition(def: Record<string, unknown>, ref: VarRef, notes: ImportNotes, path: DraftPath): JobCondition {
  const when = (typeof def.when === 'string' ? def.when : 'on_success') as GlWhen;
  if (Array.isArray(def.rules)) return foldRules(def.rules, when, ref, notes, path);
  const parts: string[] = [];
  if (def.only !== undefined) parts.push(onlyCondition(def.only, ref, notes, path));
  if (def.except !== undefined) parts.push(not(onlyCondition(def.except, ref, notes, path)));
  return { cond: and(parts), when };
}

/** `workflow: rules:` as the pipeline's `if:`; undefined when every pipeline runs. */
export function workflowCondition(workflow: unknown, ref: VarRef, notes: ImportNotes): string | undefined {
  if (!isRecord(workflow) || !Array.isArray(workflow.rules)) return undefined;
  const folded = foldRules(workflow.rules, 'always', ref, notes, []);
  return folded.cond === 'true' ? undefined : folded.cond;
}
