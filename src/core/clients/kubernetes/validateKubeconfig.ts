// kubectl decodes each kubeconfig file into typed Go structs and refuses the whole file when a
// field has the wrong JSON type, a list repeats a name, or apiVersion/kind is not v1/Config. We
// apply the same checks so a file kubectl refuses is refused here too, with kubectl's reason.
// Unknown fields are ignored, as kubectl's (non-strict) decoder does.

type Kind = 'string' | 'bool' | 'strings' | 'object' | 'list';
type Shape = Record<string, Kind>;

const CLUSTER: Shape = {
  server: 'string', 'tls-server-name': 'string', 'insecure-skip-tls-verify': 'bool', 'certificate-authority': 'string',
  'certificate-authority-data': 'string', 'proxy-url': 'string', 'disable-compression': 'bool', extensions: 'list',
};
const USER: Shape = {
  'client-certificate': 'string', 'client-certificate-data': 'string', 'client-key': 'string', 'client-key-data': 'string',
  token: 'string', tokenFile: 'string', as: 'string', 'as-uid': 'string', 'as-groups': 'strings', 'as-user-extra': 'object',
  username: 'string', password: 'string', 'auth-provider': 'object', exec: 'object', extensions: 'list',
};
const EXEC: Shape = {
  command: 'string', args: 'strings', env: 'list', apiVersion: 'string', installHint: 'string', provideClusterInfo: 'bool', interactiveMode: 'string',
};
const CONTEXT: Shape = { cluster: 'string', user: 'string', namespace: 'string', extensions: 'list' };
const TOP: Shape = { apiVersion: 'string', kind: 'string', 'current-context': 'string', preferences: 'object', extensions: 'list', clusters: 'list', users: 'list', contexts: 'list' };

function typeOf(v: unknown): string {
  return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v;
}

function fits(kind: Kind, v: unknown): boolean {
  if (v === null || v === undefined) return true;
  switch (kind) {
    case 'string': return typeof v === 'string';
    case 'bool': return typeof v === 'boolean';
    case 'object': return typeOf(v) === 'object';
    case 'list': return Array.isArray(v);
    case 'strings': return Array.isArray(v) && v.every((s) => s === null || typeof s === 'string');
  }
}

function check(shape: Shape, value: unknown, where: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeOf(value) !== 'object') return `${where} is a ${typeOf(value)}, not a mapping`;
  const o = value as Record<string, unknown>;
  for (const [key, kind] of Object.entries(shape)) {
    if (!fits(kind, o[key])) return `${where}.${key} must be ${kind === 'bool' ? 'true or false' : kind === 'strings' ? 'a list of strings' : `a ${kind}`}, not ${typeOf(o[key])}`;
  }
  return undefined;
}

/** Why kubectl would refuse this parsed kubeconfig document, or undefined when it loads. */
export function kubeconfigProblem(doc: unknown): string | undefined {
  if (doc === null || doc === undefined) return undefined;
  const top = check(TOP, doc, 'the document');
  if (top) return top;
  const d = doc as Record<string, unknown>;
  if (d.apiVersion && d.apiVersion !== 'v1') return `apiVersion "${String(d.apiVersion)}" is not supported (only v1)`;
  if (d.kind && d.kind !== 'Config') return `kind "${String(d.kind)}" is not Config`;
  const lists = [['clusters', 'cluster', CLUSTER], ['users', 'user', USER], ['contexts', 'context', CONTEXT]] as const;
  for (const [list, inner, shape] of lists) {
    const names = new Set<string>();
    for (const [i, entry] of ((d[list] as unknown[] | null) ?? []).entries()) {
      const where = `${list}[${i}]`;
      const bad = check({ name: 'string', [inner]: 'object' }, entry, where) ?? check(shape, (entry as Record<string, unknown> | null)?.[inner], `${where}.${inner}`);
      if (bad) return bad;
      const exec = list === 'users' ? ((entry as Record<string, Record<string, unknown> | null> | null)?.user?.exec) : undefined;
      const badExec = check(EXEC, exec, `${where}.user.exec`);
      if (badExec) return badExec;
      const name = ((entry as Record<string, unknown> | null)?.name as string | undefined) ?? '';
      if (names.has(name)) return `${list} has the name "${name}" twice`;
      names.add(name);
    }
  }
  return undefined;
}
