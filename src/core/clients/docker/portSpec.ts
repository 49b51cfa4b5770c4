// Parses `docker run -p` port specs into Engine API bindings. Unlike the docker CLI, a spec without
// a host address binds to 127.0.0.1 (AnsFlow's default: nothing is exposed beyond this machine
// unless a pipeline names an address).

/** One published port. */
export interface PortBinding {
  hostIp: string;
  /** Empty means "any free port". */
  hostPort: string;
  containerPort: string;
  protocol: 'tcp' | 'udp' | 'sctp';
}

/** The default host address for published ports. */
export const DEFAULT_PORT_HOST = '127.0.0.1';

/** Parses `[ip:][hostPort:]containerPort[/proto]` (ranges like `8000-8002:80-82` expand); throws on bad input. */
export function parseDockerPortSpec(spec: string | number, defaultHost = DEFAULT_PORT_HOST): PortBinding[] {
  let s = String(spec).trim();
  let protocol: PortBinding['protocol'] = 'tcp';
  const slash = s.lastIndexOf('/');
  if (slash >= 0) {
    const p = s.slice(slash + 1).toLowerCase();
    if (p !== 'tcp' && p !== 'udp' && p !== 'sctp') throw new Error(`Invalid protocol '${p}' in port spec '${spec}'`);
    protocol = p;
    s = s.slice(0, slash);
  }
  let hostIp = defaultHost;
  // [v6]:host:container
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(s);
  if (v6) {
    hostIp = v6[1];
    s = v6[2];
  }
  const parts = s.split(':');
  let hostPort = '';
  let containerPort: string;
  if (parts.length === 1) containerPort = parts[0];
  else if (parts.length === 2) [hostPort, containerPort] = parts;
  else if (parts.length === 3 && !v6) [hostIp, hostPort, containerPort] = parts;
  else throw new Error(`Invalid port spec '${spec}'`);
  const range = (r: string): [number, number] | undefined => {
    if (!r) return undefined;
    const m = /^(\d+)(?:-(\d+))?$/.exec(r);
    if (!m) throw new Error(`Invalid port '${r}' in '${spec}'`);
    const a = Number(m[1]);
    const b = m[2] ? Number(m[2]) : a;
    if (a < 1 || b > 65535 || b < a) throw new Error(`Port out of range in '${spec}'`);
    return [a, b];
  };
  const c = range(containerPort);
  if (!c) throw new Error(`Missing container port in '${spec}'`);
  const h = range(hostPort);
  const count = c[1] - c[0] + 1;
  if (h && h[1] - h[0] + 1 !== count && h[0] !== h[1]) throw new Error(`Host and container port ranges differ in '${spec}'`);
  const out: PortBinding[] = [];
  for (let i = 0; i < count; i++) {
    out.push({ hostIp: hostIp || defaultHost, hostPort: h ? String(h[0] === h[1] && count > 1 ? h[0] : h[0] + i) : '', containerPort: String(c[0] + i), protocol });
  }
  return out;
}
