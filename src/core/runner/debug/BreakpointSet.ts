// Breakpoints on steps with what the editor lets one add to them: a `${{ }}` condition, a hit count
// and a log message (a logpoint, which writes and never pauses). Hits are counted per breakpoint,
// once per instance that reaches it with its condition true, as debuggers count them.
import { truthy } from '../../pipeline/expressions/coerce.js';

/** A breakpoint on a step id (every instance) or on one instance key. */
export interface StepBreakpoint {
  id: string;
  /** An expression in the instance's context (with or without `${{ }}`): pause only when true. */
  condition?: string;
  /** `3` or `>= 3` (from the third hit on), `== 3`, `> 3`, `< 3`, `<= 3`, `% 3` (every third). */
  hitCondition?: string;
  /** Write this (its `${{ }}` interpolated) instead of pausing. */
  logMessage?: string;
}

/** What the instance's context offers a breakpoint. */
export interface BreakpointContext {
  evaluate(source: string): unknown;
  interpolate(text: string): string;
}

/** What reaching the breakpoints of an instance decided. */
export interface BreakpointHit {
  pause: boolean;
  /** Logpoint messages, unmasked: the caller masks them. */
  logs: string[];
  /** A condition that could not be evaluated; the instance is paused so it can be looked at. */
  problem?: string;
}

const HIT = /^\s*(>=|<=|==|=|>|<|%)?\s*(\d+)\s*$/;

/** The test a hit count must pass, or undefined when the text is not a hit condition. */
export function parseHitCondition(text: string): ((hits: number) => boolean) | undefined {
  const m = HIT.exec(text);
  if (!m) return undefined;
  const n = Number(m[2]);
  switch (m[1]) {
    case '==':
    case '=':
      return (h) => h === n;
    case '>':
      return (h) => h > n;
    case '<':
      return (h) => h < n;
    case '<=':
      return (h) => h <= n;
    case '%':
      return n > 0 ? (h) => h % n === 0 : undefined;
    default:
      return (h) => h >= n;
  }
}

interface Entry {
  bp: StepBreakpoint;
  hits: number;
  hitTest?: (hits: number) => boolean;
}

export class BreakpointSet {
  private byId = new Map<string, Entry[]>();

  get empty(): boolean {
    return this.byId.size === 0;
  }

  /** Replaces every breakpoint (hit counts start again); one with an unreadable hit condition is left out. */
  set(breakpoints: Iterable<string | StepBreakpoint>): void {
    this.byId = new Map();
    for (const b of breakpoints) {
      const bp = typeof b === 'string' ? { id: b } : b;
      const hitTest = bp.hitCondition?.trim() ? parseHitCondition(bp.hitCondition) : undefined;
      if (bp.hitCondition?.trim() && !hitTest) continue;
      const list = this.byId.get(bp.id) ?? [];
      list.push({ bp, hits: 0, ...(hitTest ? { hitTest } : {}) });
      this.byId.set(bp.id, list);
    }
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Counts the hits of the breakpoints on `ids` (a step id and its instance key) for one instance. */
  hit(ids: readonly string[], ctx: BreakpointContext): BreakpointHit {
    const result: BreakpointHit = { pause: false, logs: [] };
    for (const id of new Set(ids)) {
      for (const e of this.byId.get(id) ?? []) {
        const { condition, logMessage } = e.bp;
        if (condition?.trim()) {
          let holds: boolean;
          try {
            holds = truthy(ctx.evaluate(condition));
          } catch (err) {
            result.pause = true;
            result.problem = `breakpoint condition '${condition.trim()}' cannot be evaluated: ${err instanceof Error ? err.message : String(err)}`;
            continue;
          }
          if (!holds) continue;
        }
        e.hits++;
        if (e.hitTest && !e.hitTest(e.hits)) continue;
        if (logMessage === undefined) {
          result.pause = true;
          continue;
        }
        try {
          result.logs.push(ctx.interpolate(logMessage));
        } catch (err) {
          result.logs.push(`logpoint '${logMessage}' cannot be interpolated: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    }
    return result;
  }
}
