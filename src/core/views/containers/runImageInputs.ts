// "Run Image…" from the Containers view: the person types ports, environment and volumes into quick
// inputs (`docker run` syntax); this turns the answers into the Engine API create body, or a message
// saying which entry is wrong. Ports bind to 127.0.0.1 unless an entry names an address (portSpec.ts).
import type Dockerode from 'dockerode';
import { parseDockerPortSpec } from '../../clients/docker/portSpec.js';
import { shlexSplit } from '../../util/shlexSplit.js';

/** The answers of the run-image inputs, each as typed. */
export interface RunImageInputs {
  image: string;
  name?: string;
  /** Comma or space separated `-p` specs: `8080:80, 127.0.0.1:5432:5432/tcp`. */
  ports?: string;
  /** `KEY=value` entries; the value may contain spaces and commas, so one entry per line or `;`-separated. */
  env?: string;
  /** Comma separated `-v` specs: `data:/var/lib/data, /host/dir:/in/container:ro`. */
  volumes?: string;
  /** Command override, split like a shell line (`sh -c "echo hi"`). */
  command?: string;
}

/** A valid container name, as the engine checks it. */
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parses the inputs; returns the create body or the first problem. */
export function buildRunImageOptions(i: RunImageInputs): { options: Dockerode.ContainerCreateOptions } | { error: string } {
  if (!i.image.trim()) return { error: 'No image given.' };
  const name = i.name?.trim() || undefined;
  if (name && !NAME.test(name)) return { error: `'${name}' is not a valid container name (letters, digits, _ . -; starting with a letter or digit).` };
  const exposed: Record<string, object> = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const spec of splitList(i.ports)) {
    try {
      for (const b of parseDockerPortSpec(spec)) {
        const key = `${b.containerPort}/${b.protocol}`;
        exposed[key] = {};
        (bindings[key] ??= []).push({ HostIp: b.hostIp, HostPort: b.hostPort });
      }
    } catch (e) {
      return { error: `Port '${spec}': ${(e as Error).message}` };
    }
  }
  const env: string[] = [];
  for (const entry of (i.env ?? '').split(/[;\n]/).map((s) => s.trim()).filter(Boolean)) {
    const eq = entry.indexOf('=');
    const key = eq < 0 ? entry : entry.slice(0, eq);
    if (!ENV_KEY.test(key)) return { error: `Environment entry '${entry}': expected KEY=value.` };
    if (eq < 0) return { error: `Environment entry '${entry}': expected KEY=value.` };
    env.push(entry);
  }
  const binds: string[] = [];
  for (const spec of splitList(i.volumes)) {
    const parts = spec.split(':');
    if (parts.length < 2 || parts.length > 3 || !parts[0] || !parts[1].startsWith('/')) return { error: `Volume '${spec}': expected source:/path/in/container[:ro].` };
    if (parts[2] !== undefined && !/^(ro|rw)$/.test(parts[2])) return { error: `Volume '${spec}': the mode is ro or rw.` };
    binds.push(spec);
  }
  let cmd: string[] | undefined;
  if (i.command?.trim()) {
    try {
      cmd = shlexSplit(i.command);
    } catch (e) {
      return { error: `Command: ${(e as Error).message}` };
    }
  }
  return {
    options: {
      Image: i.image.trim(),
      name,
      Cmd: cmd,
      Env: env.length ? env : undefined,
      ExposedPorts: Object.keys(exposed).length ? exposed : undefined,
      HostConfig: { PortBindings: Object.keys(bindings).length ? bindings : undefined, Binds: binds.length ? binds : undefined },
    },
  };
}

function splitList(s: string | undefined): string[] {
  return (s ?? '').split(/[,\s]+/).map((x) => x.trim()).filter(Boolean);
}

/** Checks a `repository[:tag]` typed for Tag…; returns the parts or a message. */
export function parseTagInput(ref: string): { repo: string; tag: string } | { error: string } {
  const r = ref.trim();
  // Grammar of distribution/reference: lowercase path components, optional registry host[:port], tag of word chars . - (max 128).
  const m = /^((?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::([\w][\w.-]{0,127}))?$/.exec(r);
  if (!m) return { error: `'${r}' is not a valid image reference (repository[:tag], lowercase repository).` };
  return { repo: m[1], tag: m[2] ?? 'latest' };
}
