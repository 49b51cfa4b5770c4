// Differential property test: generated KUBECONFIG lists are loaded by us and by the real kubectl
// (`config view --merge --raw -o json`, `config current-context`) and must agree: same refusals,
// same merged clusters/users/contexts/preferences, same current context. Uses the plain kubectl
// from the test cache (the PATH one may be a cloud SDK dispatcher); servers are loopback only.
// Some cases use relative KUBECONFIG entries and relative certificate paths inside the files, and are
// compared with `--flatten`, where kubectl reads each file relative to the kubeconfig that names it.
// ANSFLOW_KUBECONFIG_CASES raises the case count, ANSFLOW_KUBECONFIG_SEED replays a run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { loadRawKubeconfig } from '../../../../../src/core/clients/kubernetes/index.js';

const KUBECTL = [process.env.ANSFLOW_TEST_KUBECTL, join(process.env.ANSFLOW_TEST_CACHE ?? join(homedir(), '.cache', 'ansflow-test'), 'helm', 'kubectl')]
  .find((p): p is string => !!p && existsSync(p));
const CASES = Number(process.env.ANSFLOW_KUBECONFIG_CASES ?? 30);
const SEED = Number(process.env.ANSFLOW_KUBECONFIG_SEED ?? Math.floor(Math.random() * 2 ** 31));

function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { chance: (p: number) => next() < p, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]! };
}
type Rng = ReturnType<typeof rng>;

const NAMES = ['a', 'b', 'c', 'prod', 'dev'] as const;
const BOOLS = ['true', 'false', 'yes', 'no', 'on', 'off'] as const;

function names(r: Rng, dup: boolean): Array<string | undefined> {
  const out = NAMES.filter(() => r.chance(0.4)) as Array<string | undefined>;
  if (r.chance(0.1)) out.push(undefined); // a nameless entry
  if (dup && out.length > 0) out.push(out[0]);
  return out;
}

const nameLine = (n: string | undefined) => (n === undefined ? '-' : `- name: ${n}\n `);

/** One generated kubeconfig file's text; `invalid` picks a kind of file kubectl refuses. */
function genFile(r: Rng, dir: string, relativePaths: boolean): string {
  const invalid = r.chance(0.15) ? r.pick(['dup', 'v2', 'number', 'kind'] as const) : undefined;
  const lines: string[] = [];
  if (invalid === 'v2') lines.push('apiVersion: v2');
  else if (r.chance(0.5)) lines.push('apiVersion: v1');
  lines.push(invalid === 'kind' ? 'kind: Settings' : 'kind: Config');
  const useAnchor = r.chance(0.3);
  if (useAnchor) lines.push(`x-base: &base { server: 'https://127.0.0.1:${6443}', insecure-skip-tls-verify: ${r.pick(BOOLS)} }`);
  if (r.chance(0.3)) lines.push(`preferences: { colors: ${r.pick(BOOLS)} }`);
  const clusters = names(r, invalid === 'dup' && r.chance(0.5));
  if (clusters.length || r.chance(0.5)) lines.push('clusters:');
  for (const n of clusters) {
    const f: string[] = [];
    if (useAnchor && r.chance(0.5)) f.push('<<: *base');
    else if (r.chance(0.85)) f.push(`server: 'https://127.0.0.${1 + (n?.length ?? 0)}:${1000 + lines.length}'`);
    if (r.chance(0.4)) f.push(`insecure-skip-tls-verify: ${r.pick(BOOLS)}`);
    if (!relativePaths && r.chance(0.3)) f.push('certificate-authority-data: QUJD'); // --flatten refuses data beside a path
    if (r.chance(relativePaths ? 0.5 : 0.2)) f.push(`certificate-authority: ${relativePaths ? 'ca.crt' : join(dir, 'ca.crt')}`);
    if (r.chance(0.2)) f.push('tls-server-name: kubernetes');
    lines.push(`${nameLine(n)} cluster: { ${f.join(', ')} }`);
  }
  const users = names(r, invalid === 'dup');
  if (users.length) lines.push('users:');
  for (const n of users) {
    const f: string[] = [];
    if (r.chance(0.6)) f.push(`token: tok-${n ?? 'x'}`);
    if (r.chance(0.2)) f.push(`tokenFile: ${join(dir, 'token')}`);
    if (r.chance(0.2)) f.push('username: admin, password: secret');
    if (relativePaths && r.chance(0.5)) f.push('client-certificate: certs/client.crt, client-key: certs/client.key');
    lines.push(`${nameLine(n)} user: { ${f.join(', ')} }`);
  }
  const contexts = names(r, false);
  if (contexts.length) lines.push('contexts:');
  for (const n of contexts) {
    const f: string[] = [];
    if (r.chance(0.8)) f.push(`cluster: ${r.pick(NAMES)}`);
    if (r.chance(0.7)) f.push(`user: ${r.pick(NAMES)}`);
    if (r.chance(0.7)) f.push(`namespace: ${invalid === 'number' ? 123 : `ns-${r.pick(NAMES)}`}`);
    lines.push(`${nameLine(n)} context: { ${f.join(', ')} }`);
    if (r.chance(0.1)) lines.push(`  context: { namespace: repeated }`); // repeated key: last wins
  }
  if (invalid === 'number' && contexts.length === 0) lines.push('current-context: 42');
  else if (r.chance(0.6)) lines.push(`current-context: ${r.pick([...NAMES, '""'])}`);
  if (r.chance(0.2)) lines.push('---');
  return lines.join('\n') + '\n';
}

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
}

const KEEP = {
  clusters: ['cluster', ['server', 'insecure-skip-tls-verify', 'certificate-authority-data', 'certificate-authority', 'tls-server-name']],
  users: ['user', ['token', 'tokenFile', 'username', 'password', 'client-certificate', 'client-key', 'client-certificate-data', 'client-key-data']],
  contexts: ['context', ['cluster', 'user', 'namespace']],
} as const;

/** The comparable part of a merged kubeconfig: known fields, empty values dropped, lists sorted by name. */
function normalize(doc: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const [list, [inner, keys]] of Object.entries(KEEP)) {
    out[list] = ((doc[list] as unknown[] | null) ?? [])
      .map((e) => {
        const body = obj(obj(e)[inner]);
        const kept = Object.fromEntries(keys.filter((k) => body[k] !== undefined && body[k] !== '' && body[k] !== false && body[k] !== null).map((k) => [k, body[k]]));
        return { name: (obj(e).name as string) ?? '', [inner]: kept };
      })
      .sort((x, y) => x.name.localeCompare(y.name));
  }
  out.preferences = Object.fromEntries(Object.entries(obj(doc.preferences)).filter(([, v]) => v !== false && v !== null));
  return out;
}

/** What `--flatten` does to a merged config: each referenced certificate file is inlined as base64 data. */
function flatten(raw: Record<string, unknown>): Record<string, unknown> {
  const inline = (body: Record<string, unknown>, file: string, data: string) => {
    if (typeof body[file] !== 'string' || !body[file]) return body;
    const { [file]: path, ...rest } = body;
    return { ...rest, [data]: readFileSync(path as string).toString('base64') };
  };
  return {
    ...raw,
    clusters: (raw.clusters as Array<Record<string, unknown>>).map((e) => ({ ...e, cluster: inline(obj(e.cluster), 'certificate-authority', 'certificate-authority-data') })),
    users: (raw.users as Array<Record<string, unknown>>).map((e) => ({
      ...e,
      user: inline(inline(obj(e.user), 'client-certificate', 'client-certificate-data'), 'client-key', 'client-key-data'),
    })),
  };
}

function kubectl(args: string[], env: Record<string, string>) {
  // Same working folder as this process, so relative KUBECONFIG entries mean the same file to both.
  return spawnSync(KUBECTL!, args, { env, encoding: 'utf8', timeout: 30_000, cwd: process.cwd() });
}

test('(unit, differential) generated KUBECONFIG lists load like `kubectl config view --merge` and `kubectl config current-context`', { skip: KUBECTL ? false : 'no plain kubectl in the test cache: run test/infra/install.sh' }, () => {
  const r = rng(SEED);
  const root = mkdtempSync(join(tmpdir(), 'kcd-'));
  const home = join(root, 'home');
  mkdirSync(join(home, '.kube'), { recursive: true });
  writeFileSync(join(home, '.kube', 'config'), "clusters:\n- name: from-home\n  cluster: { server: 'https://127.0.0.1:1' }\ncurrent-context: from-home\n");
  writeFileSync(join(root, 'token'), 'from-token-file\n');
  let refusals = 0;
  let flattened = 0;
  for (let i = 0; i < CASES; i++) {
    const dir = join(root, `case${i}`);
    mkdirSync(dir);
    const entries: string[] = [];
    const relativePaths = r.chance(0.3);
    const count = r.pick([0, 1, 1, 2, 2, 3]);
    for (let j = 0; j < count; j++) {
      // Each file in its own folder with its own certificates, so resolving against the wrong folder shows.
      const file = join(dir, `d${j}`, 'config');
      mkdirSync(join(dir, `d${j}`, 'certs'), { recursive: true });
      for (const cert of ['ca.crt', 'certs/client.crt', 'certs/client.key']) writeFileSync(join(dir, `d${j}`, cert), `${cert} of case ${i} file ${j}\n`);
      writeFileSync(file, genFile(r, root, relativePaths));
      entries.push(relativePaths ? relative(process.cwd(), file) : file);
    }
    if (r.chance(0.2)) entries.push(join(dir, 'missing.yaml'));
    if (entries.length > 1 && r.chance(0.2)) entries.push(entries[0]!);
    const KUBECONFIG = entries.length ? entries.join(':') : ':';
    const env = { KUBECONFIG, HOME: home, PATH: '/usr/bin:/bin' };
    const where = `seed ${SEED}, case ${i}, KUBECONFIG=${KUBECONFIG}`;
    const view = kubectl(['config', 'view', '--merge', '--raw', ...(relativePaths ? ['--flatten'] : []), '-o', 'json'], env);
    let ours: ReturnType<typeof loadRawKubeconfig> | Error;
    try {
      ours = loadRawKubeconfig({ env });
    } catch (e) {
      ours = e as Error;
    }
    if (view.status !== 0) {
      refusals++;
      assert.ok(ours instanceof Error, `kubectl refused (${view.stderr.trim()}) but we loaded it — ${where}`);
      continue;
    }
    assert.ok(!(ours instanceof Error), `kubectl loaded it but we refused: ${(ours as Error).message} — ${where}`);
    const theirs = JSON.parse(view.stdout) as Record<string, unknown>;
    const mine = ours.raw as unknown as Record<string, unknown>;
    if (relativePaths) flattened++;
    assert.deepEqual(normalize(relativePaths ? flatten(mine) : mine), normalize(theirs), where);
    const current = kubectl(['config', 'current-context'], env);
    assert.equal(ours.raw['current-context'] ?? '', current.status === 0 ? current.stdout.trim() : '', `current-context — ${where}`);
  }
  // The generator must actually exercise refusals and acceptances, or the comparison proves little.
  assert.ok(refusals > 0 && refusals < CASES && flattened > 0, `refusals ${refusals}, flattened ${flattened} of ${CASES} (seed ${SEED})`);
});
