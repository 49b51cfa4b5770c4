// Checks of a local image's configuration (from the engine's inspect and history; no network): the
// user it runs as, secrets in Env, Labels and build history, privileged exposed ports, and its age.
import type { ScanFinding, ScanRule } from './types.js';

export const IMAGE_RULES = {
  root: { id: 'image-root-user', severity: 'high', message: 'The image runs as root (its config User is empty or 0).', fix: 'Set USER to a non-root user in the Dockerfile.' },
  secretEnv: { id: 'image-secret-in-env', severity: 'high', message: 'A secret-looking variable has a value in the image\'s Env.', fix: 'Pass secrets at run time; rebuild without the value.' },
  secretLabel: { id: 'image-secret-in-labels', severity: 'high', message: 'A secret-looking label has a value in the image.', fix: 'Remove the label and rebuild.' },
  secretHistory: { id: 'image-secret-in-history', severity: 'high', message: 'A build step\'s command line holds a secret-looking value (it stays in the image history).', fix: 'Use BuildKit secret mounts instead of ARG/ENV for secrets.' },
  privilegedPort: { id: 'image-privileged-port', severity: 'low', message: 'The image exposes a privileged port (below 1024), which needs root or NET_BIND_SERVICE.', fix: 'Listen on a port of 1024 or more.' },
  old: { id: 'image-old', severity: 'low', message: 'The image was built more than 90 days ago and misses newer security fixes.', fix: 'Rebuild it on an updated base image.' },
} as const satisfies Record<string, ScanRule>;

const SECRET_NAME = /pass(word|wd)?\b|passwd|secret|token|api[_-]?key|private[_-]?key|credential|access[_-]?key/i;
const MAX_AGE_DAYS = 90;

/** The parts of `docker image inspect` and `docker history` the checks read. */
export interface ImageFacts {
  config: { User?: string; Env?: string[] | null; Labels?: Record<string, string> | null; ExposedPorts?: Record<string, unknown> | null };
  /** ISO date of the image. */
  created?: string;
  history: ReadonlyArray<{ CreatedBy: string }>;
}

export function checkImage(ref: string, facts: ImageFacts, now = Date.now()): ScanFinding[] {
  const out: ScanFinding[] = [];
  const file = `image:${ref}`;
  const add = (rule: ScanRule, detail?: string) =>
    out.push({ file, line: 1, column: 1, endLine: 1, endColumn: 1, rule: rule.id, severity: rule.severity, message: detail ? `${rule.message} (${detail})` : rule.message, fix: rule.fix });
  const user = (facts.config.User ?? '').split(':')[0]!.trim();
  if (user === '' || user === '0' || user === 'root') add(IMAGE_RULES.root, user ? `User ${user}` : 'no User');
  for (const e of facts.config.Env ?? []) {
    const i = e.indexOf('=');
    // Only the name is shown: the value is the secret.
    if (i > 0 && SECRET_NAME.test(e.slice(0, i)) && e.slice(i + 1) !== '') add(IMAGE_RULES.secretEnv, e.slice(0, i));
  }
  for (const [k, v] of Object.entries(facts.config.Labels ?? {})) if (SECRET_NAME.test(k) && v) add(IMAGE_RULES.secretLabel, k);
  for (const h of facts.history) {
    // ENV and LABEL entries are the config's, already checked above.
    if (/#\(nop\)\s+(ENV|LABEL)\b/.test(h.CreatedBy)) continue;
    const m = /\b([A-Za-z_]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|ACCESS_?KEY)[A-Za-z_]*)=(?!\$)(\S+)/i.exec(h.CreatedBy);
    if (m) add(IMAGE_RULES.secretHistory, m[1]);
  }
  for (const p of Object.keys(facts.config.ExposedPorts ?? {})) {
    const n = Number.parseInt(p, 10);
    if (n > 0 && n < 1024) add(IMAGE_RULES.privilegedPort, p);
  }
  const created = facts.created ? Date.parse(facts.created) : NaN;
  if (Number.isFinite(created) && created > 0 && now - created > MAX_AGE_DAYS * 86_400_000) add(IMAGE_RULES.old, `built ${facts.created!.slice(0, 10)}`);
  return out;
}
