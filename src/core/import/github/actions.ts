// The well-known actions that have a local counterpart. Everything else becomes a placeholder step
// quoting the original, so nothing is dropped silently.
import type { DraftPath } from '../draft';
import { translateValue } from './expressions';
import type { ImportScope } from './scope';

export type ActionMapping =
  /** A step of its own (type, with, …). */
  | { kind: 'step'; step: Record<string, unknown>; comment?: string }
  /** actions/cache: becomes the `cache:` of the next step that runs something. */
  | { kind: 'cache'; cache: Record<string, unknown> }
  /** upload-artifact: becomes `artifacts:` of the step before it. */
  | { kind: 'artifacts'; name: string; paths: string[] }
  /** Nothing to do locally; the comment says why. */
  | { kind: 'drop'; comment: string }
  | { kind: 'placeholder'; reason: string };

function lines(v: unknown): string[] {
  return typeof v === 'string' ? v.split('\n').map((l) => l.trim()).filter(Boolean) : Array.isArray(v) ? v.map(String) : [];
}

/** The folder every path shares before its first glob character (upload-artifact's root). */
export function artifactRoot(paths: string[]): string {
  const dirs = paths.filter((p) => !p.startsWith('!')).map((p) => {
    const parts = p.replace(/\/+$/, '').split('/');
    const firstGlob = parts.findIndex((x) => /[*?[{]/.test(x));
    // A plain path is a file or a folder: its parent is the root of a file, the folder of a folder.
    return firstGlob === -1 ? (p.endsWith('/') ? parts : parts.slice(0, -1)) : parts.slice(0, firstGlob);
  });
  if (!dirs.length) return '';
  const common: string[] = [];
  for (let i = 0; ; i++) {
    const part = dirs[0]![i];
    if (part === undefined || !dirs.every((d) => d[i] === part)) break;
    common.push(part);
  }
  return common.join('/');
}

function versionCheck(tool: 'node' | 'python', version: unknown): Record<string, unknown> {
  const command = tool === 'node' ? 'node --version' : 'python3 --version';
  const shown = tool === 'node' ? 'v' : 'Python ';
  const wanted = version === undefined ? undefined : String(version).replace(/\.x$/, '');
  if (wanted === undefined || !/^[\w.${}\s]+$/.test(wanted) || /^(lts|latest|node)/.test(wanted)) {
    return { type: 'shell', with: { run: command } };
  }
  const varName = tool === 'node' ? 'NODE_VERSION' : 'PYTHON_VERSION';
  const run = [
    `have="$(${command} 2>&1)"`,
    `case "$have" in`,
    `  "${shown}$${varName}" | "${shown}$${varName}".*) echo "$have" ;;`,
    `  *) echo "${tool} $${varName} wanted, found: $have (install it, or change ${varName})" >&2; exit 1 ;;`,
    `esac`,
  ].join('\n');
  return { type: 'shell', env: { [varName]: wanted }, with: { run } };
}

export function mapAction(uses: string, withArgs: Record<string, unknown>, scope: ImportScope, at: DraftPath): ActionMapping {
  const [name = '', ref] = uses.split('@');
  const action = name.toLowerCase();
  const w = withArgs;
  if (action === 'actions/checkout') {
    if (w.repository === undefined) {
      if (w.path === undefined) return { kind: 'drop', comment: `${uses}: the workspace is already the checkout` };
      const step: Record<string, unknown> = { type: 'git.checkout', with: { repository: '.', path: w.path } };
      if (w.ref !== undefined) (step.with as Record<string, unknown>).ref = w.ref;
      return { kind: 'step', step: translateValue(step, scope, at) as Record<string, unknown>, comment: `${uses} of this repository into ${String(w.path)}` };
    }
    const wth: Record<string, unknown> = { repository: `https://github.com/${String(w.repository)}.git` };
    if (w.ref !== undefined) wth.ref = w.ref;
    if (w.path !== undefined) wth.path = w.path;
    if (w['fetch-depth'] !== undefined) wth.depth = w['fetch-depth'];
    if (w.submodules !== undefined) wth.submodules = w.submodules;
    if (w.lfs !== undefined) wth.lfs = w.lfs;
    if (typeof w.token === 'string') {
      const m = /^\$\{\{\s*secrets\.([\w-]+)\s*\}\}$/.exec(w.token.trim());
      if (m) {
        scope.secrets.add(m[1]!);
        wth.tokenSecret = m[1]!;
      } else scope.warn('changed-meaning', at, 'token: only a secrets.NAME token can be passed (tokenSecret); this one is left out');
    }
    return { kind: 'step', step: translateValue({ type: 'git.checkout', with: wth }, scope, at) as Record<string, unknown>, comment: uses };
  }
  if (action === 'actions/setup-node' || action === 'actions/setup-python') {
    const tool = action === 'actions/setup-node' ? 'node' : 'python';
    const version = w[`${tool}-version`];
    const step = translateValue(versionCheck(tool, version), scope, at) as Record<string, unknown>;
    const extra = w.cache !== undefined ? `; its cache: ${String(w.cache)} is not translated (add a cache: to the install step)` : '';
    return { kind: 'step', step, comment: `${uses}: checks the ${tool} on this machine instead of installing one${extra}` };
  }
  if (action === 'actions/cache' || action === 'actions/cache/restore') {
    const all = lines(w.path);
    const paths = all.filter((p) => !p.startsWith('~') && !p.startsWith('/') && !p.includes('..') && !p.includes('${{'));
    for (const p of all.filter((x) => !paths.includes(x))) scope.warn('changed-meaning', at, `cache path ${p} is outside the workspace; the dependency cache keeps folders inside it only, so it is left out`);
    if (!paths.length) return { kind: 'drop', comment: `${uses}: none of its paths (${all.join(', ')}) is inside the workspace, so nothing is cached` };
    const cache: Record<string, unknown> = { key: w.key, paths };
    const restore = lines(w['restore-keys']);
    if (restore.length) cache.restoreKeys = restore;
    return { kind: 'cache', cache: translateValue(cache, scope, [...at, 'cache']) as Record<string, unknown> };
  }
  if (action === 'actions/upload-artifact') {
    return { kind: 'artifacts', name: String(w.name ?? 'artifact'), paths: lines(w.path) };
  }
  if (action === 'actions/download-artifact') {
    const wanted = w.name === undefined ? undefined : String(w.name);
    const found = wanted !== undefined ? scope.artifacts.get(wanted) : undefined;
    if (!found) return { kind: 'placeholder', reason: wanted === undefined ? 'downloads every artifact of the run: copy the ones needed from $ANSFLOW_ARTIFACTS/<step>/' : `no earlier step uploads an artifact named ${wanted}` };
    if (found.matrix) scope.warn('changed-meaning', at, `artifact ${wanted} comes from a matrix step: each instance keeps its own copy under $ANSFLOW_ARTIFACTS/<step>[…]/; this copies none`);
    const dest = w.path === undefined ? '.' : String(w.path);
    const from = `$ANSFLOW_ARTIFACTS/${found.step}${found.root ? `/${found.root}` : ''}/.`;
    const run = `mkdir -p "${dest}"\ncp -R "${from}" "${dest}"`;
    return { kind: 'step', step: translateValue({ type: 'shell', with: { run } }, scope, at) as Record<string, unknown>, comment: `${uses}: the copy step ${found.step} kept (artifacts reach the steps that need it)` };
  }
  void ref;
  if (name.startsWith('./')) return { kind: 'placeholder', reason: 'a local action of this repository: write its steps here' };
  if (name.startsWith('docker://')) return { kind: 'placeholder', reason: 'a container action: use a docker.run step' };
  return { kind: 'placeholder', reason: 'no local equivalent for this action' };
}
