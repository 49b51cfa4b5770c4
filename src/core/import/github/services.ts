// jobs.<id>.services → our step services. GitHub publishes `ports: ['5432:5432']` on the runner's
// own port; here a local step gets a free loopback port (ANSFLOW_SERVICE_<NAME>_PORT), and the
// health options of `options:` become the healthcheck.
import type { DraftPath } from '../draft';
import { translateValue } from './expressions';
import type { ImportScope } from './scope';

function option(options: string, name: string): string | undefined {
  const m = new RegExp(`--${name}[= ](?:"([^"]*)"|'([^']*)'|(\\S+))`).exec(options);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

export function mapServices(services: unknown, inContainer: boolean, scope: ImportScope, at: DraftPath): Record<string, unknown> | undefined {
  if (!services || typeof services !== 'object') return undefined;
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(services as Record<string, unknown>)) {
    const spec = typeof raw === 'string' ? { image: raw } : ((raw ?? {}) as Record<string, unknown>);
    const svc: Record<string, unknown> = { image: spec.image };
    if (spec.env) svc.env = spec.env;
    const ports = Array.isArray(spec.ports) ? spec.ports.map((p) => Number(String(p).split(':').pop())).filter((n) => Number.isInteger(n) && n > 0) : [];
    if (ports.length) svc.ports = ports;
    const options = typeof spec.options === 'string' ? spec.options : '';
    const cmd = option(options, 'health-cmd');
    if (cmd) {
      const hc: Record<string, unknown> = { cmd };
      const interval = option(options, 'health-interval');
      const timeout = option(options, 'health-timeout');
      const retries = option(options, 'health-retries');
      if (interval) hc.interval = interval;
      if (timeout) hc.timeout = timeout;
      if (retries && /^\d+$/.test(retries)) hc.retries = Number(retries);
      svc.healthcheck = hc;
    }
    const rest = options.replace(/--health-[\w-]+[= ](?:"[^"]*"|'[^']*'|\S+)/g, '').trim();
    if (rest) scope.warn('changed-meaning', [...at, name], `service ${name}: container options '${rest}' are not translated`);
    if (spec.credentials) scope.warn('changed-meaning', [...at, name], `service ${name}: registry credentials are not translated (log in with docker login first)`);
    out[name] = translateValue(svc, scope, [...at, name]);
    if (ports.length && !inContainer) {
      const upper = name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
      // Services sit on each step here; the comment goes on the job, where GitHub declared them.
      scope.comment(at.slice(0, -1), `service ${name}: on GitHub at localhost:${ports[0]}; here at $ANSFLOW_SERVICE_${upper}_HOST:$ANSFLOW_SERVICE_${upper}_PORT`);
      scope.note([...at, name], `service ports: a local step reaches a service at $ANSFLOW_SERVICE_<NAME>_HOST:$ANSFLOW_SERVICE_<NAME>_PORT (a free loopback port), not at localhost:<port> as on GitHub`);
    }
  }
  return out;
}
