// Reads `services:` (sidecar containers of a step): lenient like readSpecs, the schema reports the rest.
import type { ServiceSpec } from '../model.js';
import { parseDuration } from './durations.js';
import { isRecord } from '../../util/isRecord.js';

/** How long a service may take to become healthy when `startTimeout` is not written. */
const DEFAULT_SERVICE_START_TIMEOUT_MS = 60_000;

function scalarText(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** `command: "a b"` is one shell line (`sh -c`), a list is argv as written. */
function readCommand(v: unknown): string[] | undefined {
  if (typeof v === 'string') return ['sh', '-c', v];
  if (Array.isArray(v)) return v.map(scalarText).filter((x): x is string => x !== undefined);
  return undefined;
}

/** `ports: [5432, "8080"]`: container ports (TCP). */
function readPorts(v: unknown): number[] {
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.map((p) => Number(p)).filter((p) => Number.isInteger(p) && p > 0 && p < 65536);
}

/** `services: { name: { image, command, env, ports, healthcheck, privileged, startTimeout } }` in written order. */
export function readServices(v: unknown): ServiceSpec[] | undefined {
  if (!isRecord(v)) return undefined;
  const out: ServiceSpec[] = [];
  for (const [name, raw] of Object.entries(v)) {
    const o = isRecord(raw) ? raw : {};
    const image = typeof raw === 'string' ? raw : scalarText(o.image);
    if (!image) continue;
    const env: Record<string, string> = {};
    if (isRecord(o.env)) for (const [k, x] of Object.entries(o.env)) env[k] = scalarText(x) ?? '';
    const spec: ServiceSpec = { name, image, env, ports: readPorts(o.ports), privileged: o.privileged === true, startTimeoutMs: parseDuration(o.startTimeout) ?? DEFAULT_SERVICE_START_TIMEOUT_MS };
    const command = readCommand(o.command);
    if (command) spec.command = command;
    const hc = o.healthcheck;
    if (typeof hc === 'string' || Array.isArray(hc)) spec.healthcheck = { command: readCommand(hc)! };
    else if (isRecord(hc)) {
      const command = readCommand(hc.cmd ?? hc.command);
      if (command) {
        spec.healthcheck = { command };
        const interval = parseDuration(hc.interval);
        const timeout = parseDuration(hc.timeout);
        if (interval !== undefined) spec.healthcheck.intervalMs = interval;
        if (timeout !== undefined) spec.healthcheck.timeoutMs = timeout;
        if (typeof hc.retries === 'number' && hc.retries >= 0) spec.healthcheck.retries = Math.floor(hc.retries);
      }
    }
    out.push(spec);
  }
  return out.length ? out : undefined;
}
