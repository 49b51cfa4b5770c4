// (unit) The kube selection reads the kubeconfig at the first question, once, not when it is created
// (activation creates it); reload() reads again; a failed read is an error value, not a throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromRaw, type LoadedKubeconfig, type RawKubeconfig } from '../../../../../src/core/clients/kubernetes/index.js';
import { KubeconfigSelection } from '../../../../../src/core/views/clusters/KubeconfigSelection.js';
import type { SelectionState } from '../../../../../src/core/views/clusters/contexts.js';

function config(current: string, ...names: string[]): LoadedKubeconfig {
  const raw = {
    'current-context': current,
    clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:6443' } }],
    users: [{ name: 'u', user: { token: 't' } }],
    contexts: names.map((name) => ({ name, context: { cluster: 'c', user: 'u', ...(name === 'dev' ? { namespace: 'team' } : {}) } })),
  } as unknown as RawKubeconfig;
  return fromRaw(raw, ['/nowhere/config']);
}

function counted(load: () => LoadedKubeconfig, saved: SelectionState = {}) {
  const calls = { load: 0, onLoad: [] as Array<LoadedKubeconfig | undefined> };
  const selection = new KubeconfigSelection({
    load: () => {
      calls.load++;
      return load();
    },
    saved: () => saved,
    onLoad: (l) => calls.onLoad.push(l),
  });
  return { selection, calls };
}

test('(unit) kube selection: nothing is read when created; every getter then answers from one read', () => {
  const { selection, calls } = counted(() => config('dev', 'dev', 'prod'));
  assert.equal(calls.load, 0);
  assert.equal(selection.isLoaded, false);
  assert.equal(selection.namespace, 'team');
  assert.equal(calls.load, 1);
  assert.equal(selection.context, 'dev');
  assert.deepEqual(selection.contexts().map((c) => c.name), ['dev', 'prod']);
  assert.equal(selection.error, undefined);
  assert.equal(selection.config?.files[0], '/nowhere/config');
  assert.equal(calls.load, 1, 'read once');
  assert.equal(calls.onLoad.length, 1, 'the watcher hook runs after the first read');
});

test('(unit) kube selection: each getter alone triggers the first read (no caller sees an unloaded selection)', () => {
  const getters: Array<(s: KubeconfigSelection) => unknown> = [(s) => s.context, (s) => s.namespace, (s) => s.error, (s) => s.config, (s) => s.contexts(), (s) => s.select('prod')];
  for (const get of getters) {
    const { selection, calls } = counted(() => config('dev', 'dev', 'prod'));
    get(selection);
    assert.equal(calls.load, 1, String(get));
    assert.equal(selection.isLoaded, true);
  }
});

test('(unit) kube selection: the remembered selection wins; select() and reload() behave as before', () => {
  const { selection, calls } = counted(() => config('dev', 'dev', 'prod'), { context: 'prod', namespace: 'ops' });
  assert.deepEqual([selection.context, selection.namespace], ['prod', 'ops']);
  assert.deepEqual(selection.select('dev'), { context: 'dev', namespace: undefined });
  assert.deepEqual([selection.context, selection.namespace], ['dev', 'team']);
  assert.throws(() => selection.select('gone'), /context "gone" does not exist/);
  selection.reload();
  assert.equal(calls.load, 2, 'reload reads again');
  assert.deepEqual([selection.context, selection.namespace], ['prod', 'ops'], 'back to what is remembered');
});

test('(unit) kube selection: a kubeconfig that cannot be read is an error value, read once', () => {
  const { selection, calls } = counted(() => {
    throw new Error('No Kubernetes contexts found');
  });
  assert.equal(selection.context, undefined);
  assert.equal(selection.namespace, 'default');
  assert.deepEqual(selection.contexts(), []);
  assert.match(selection.error?.message ?? '', /No Kubernetes contexts/);
  assert.equal(calls.load, 1);
  assert.deepEqual(calls.onLoad, [undefined]);
});
