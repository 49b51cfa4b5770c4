// The `ansflow.alerts.rules` setting, read once into typed rules. A rule that cannot be read is
// left out with a one-line problem, so one typo does not silence the other rules.
import { parseDuration } from '../../util/durations.js';

export const ALERT_KINDS = ['podRestarts', 'containerMemory', 'nodeNotReady', 'runFailed', 'runSlow', 'helmFailed'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** One alert rule as configured. */
export interface AlertRule {
  /** `<kind>#<index in the setting>`: stable while the setting is not reordered. */
  id: string;
  kind: AlertKind;
  enabled: boolean;
  /** podRestarts: fire when restarts in `windowMs` exceed this. */
  threshold: number;
  /** containerMemory: fire at this share (0–100) of the container's limit. */
  percent: number;
  /** An object alerts at most once per window; podRestarts also counts restarts in it. */
  windowMs: number;
  /** Kubernetes rules: watch one namespace only (all when absent). */
  namespace?: string;
  /** runSlow: successful runs needed before a p95 means anything. */
  minRuns: number;
  /** Optional http(s) URL posted to on each firing. */
  webhook?: string;
}

const DEFAULT_WINDOW_MS = 3_600_000;

/** Typed rules from the raw setting value, and why any entry was left out. */
export function parseAlertRules(raw: unknown): { rules: AlertRule[]; problems: string[] } {
  const rules: AlertRule[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { rules, problems };
  if (!Array.isArray(raw)) return { rules, problems: ['ansflow.alerts.rules must be an array of rules'] };
  raw.forEach((entry, i) => {
    const where = `ansflow.alerts.rules[${i}]`;
    if (!entry || typeof entry !== 'object') return void problems.push(`${where}: not an object`);
    const r = entry as Record<string, unknown>;
    const kind = r.kind as AlertKind;
    if (!ALERT_KINDS.includes(kind)) return void problems.push(`${where}: kind must be one of ${ALERT_KINDS.join(', ')}`);
    const windowMs = r.window === undefined ? DEFAULT_WINDOW_MS : parseDuration(r.window);
    if (windowMs === undefined || windowMs <= 0) return void problems.push(`${where}: window must be a duration such as 10m or 1h`);
    const threshold = r.threshold === undefined ? 3 : Number(r.threshold);
    if (!Number.isInteger(threshold) || threshold < 0) return void problems.push(`${where}: threshold must be a whole number >= 0`);
    const percent = r.percent === undefined ? 90 : Number(r.percent);
    if (!(percent > 0 && percent <= 100)) return void problems.push(`${where}: percent must be above 0 and at most 100`);
    const minRuns = r.minRuns === undefined ? 5 : Number(r.minRuns);
    if (!Number.isInteger(minRuns) || minRuns < 1) return void problems.push(`${where}: minRuns must be a whole number >= 1`);
    let webhook: string | undefined;
    if (r.webhook !== undefined && r.webhook !== '') {
      if (typeof r.webhook !== 'string' || !/^https?:\/\//.test(r.webhook)) return void problems.push(`${where}: webhook must be an http(s) URL`);
      webhook = r.webhook;
    }
    const namespace = typeof r.namespace === 'string' && r.namespace ? r.namespace : undefined;
    rules.push({ id: `${kind}#${i}`, kind, enabled: r.enabled !== false, threshold, percent, windowMs, namespace, minRuns, webhook });
  });
  return { rules, problems };
}
