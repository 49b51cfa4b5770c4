// (unit) The client libraries load at first use, not when their callers' modules load: a fresh Node
// process imports the kubeconfig loader, the Docker client and the cluster contexts, lists the
// contexts of a kubeconfig (what activation does for the status bar) and only then touches
// client-node's object. The module cache tells what was loaded at each point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');

const PROBE = `
const loaded = () => ['@kubernetes/client-node', 'dockerode', 'tar-fs', 'ajv', 'picomatch'].filter((p) => Object.keys(require.cache).some((k) => k.includes('/node_modules/' + p + '/')));
const { loadKubeconfig } = require('./src/core/clients/kubernetes/index.ts');
const { listContexts } = require('./src/core/views/clusters/contexts.ts');
require('./src/core/clients/docker/DockerClient.ts');
require('./src/core/runner/steps/local/file.ts');
require('./src/core/pipeline/validate/validateTemplateSteps.ts');
require('./src/core/scan/workspaceFiles.ts');
require('./src/core/runner/executors/workspaceSync.ts');
const out = { imported: loaded() };
const config = loadKubeconfig({ env: { KUBECONFIG: process.env.PROBE_KUBECONFIG } });
out.contexts = listContexts(config).map((c) => c.name + ' ' + c.server + ' ' + c.namespace);
out.namespace = config.namespace;
out.afterListing = loaded();
out.current = config.kc.getCurrentContext();
out.afterKc = loaded();
process.stdout.write(JSON.stringify(out));
`;

test('(unit) client-node, dockerode, tar-fs, Ajv and picomatch are not loaded by importing their callers or listing kube contexts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-lazy-'));
  try {
    const kubeconfig = join(dir, 'config');
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: b',
        'clusters:',
        '- {name: one, cluster: {server: "https://10.0.0.1:6443/"}}',
        'users:',
        '- {name: u, user: {token: t}}',
        'contexts:',
        '- {name: a, context: {cluster: one, user: u}}',
        '- {name: b, context: {cluster: one, user: u, namespace: team}}',
        '',
      ].join('\n'),
    );
    const out = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', PROBE], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PROBE_KUBECONFIG: kubeconfig } })) as Record<string, unknown>;
    assert.deepEqual(out.imported, [], 'loaded by importing the modules that use them');
    assert.deepEqual(out.contexts, ['a https://10.0.0.1:6443 ', 'b https://10.0.0.1:6443 team']);
    assert.equal(out.namespace, 'team');
    assert.deepEqual(out.afterListing, [], 'loaded by listing the contexts');
    assert.equal(out.current, 'b');
    // client-node brings its own tar-fs (for its copy helper).
    assert.deepEqual((out.afterKc as string[]).filter((p) => p !== 'tar-fs'), ['@kubernetes/client-node'], 'client-node loads when its object is first read');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
