// A whole pipeline through the real parser and runner: docker.build → docker.run (detached, healthy)
// → a shell step in the container executor on the same network → ansible.playbook, on real engines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { busyboxImage, requireEngine, uniqueName } from '../engines.js';
import { parsePipeline } from '../../../src/core/pipeline/index.js';
import { runPipeline } from '../../../src/core/runner/index.js';
import type { RunEvent } from '../../../src/core/contracts/events.js';
import { DockerClient } from '../../../src/core/clients/docker/DockerClient.js';

test('(integration) pipeline: docker.build → docker.run → container executor step → ansible.playbook', async (t) => {
  if (!requireEngine(t, 'docker') || !requireEngine(t, 'ansible')) return;
  const docker = DockerClient.connect();
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-pipe-'));
  const net = uniqueName('ansflow-pnet');
  const name = uniqueName('ansflow-web');
  const repo = uniqueName('ansflow-pimg');
  const netId = await docker.createNetwork(net);
  t.after(async () => {
    await docker.removeContainer(name, { force: true }).catch(() => undefined);
    await docker.removeImage(`${repo}:v1`, { force: true }).catch(() => undefined);
    await docker.removeNetwork(netId).catch(() => undefined);
    rmSync(ws, { recursive: true, force: true });
  });
  cpSync(join(__dirname, 'fixtures', 'app'), join(ws, 'app'), { recursive: true });
  cpSync(join(__dirname, '..', 'ansible', 'fixtures', 'mixed.yml'), join(ws, 'play.yml'));
  writeFileSync(join(ws, 'ok.yml'), '- hosts: all\n  gather_facts: false\n  tasks:\n    - name: say\n      ansible.builtin.debug:\n        msg: "{{ page }}"\n');
  const yaml = `version: 1
name: docker-and-ansible
steps:
  build:
    type: docker.build
    with:
      context: app
      image: ${repo}
      tags: [v1]
      target: final
      buildArgs:
        BASE: ${busyboxImage()}
        GREETING: pipeline
  web:
    type: docker.run
    needs: build
    with:
      image: \${{ steps.build.outputs.image }}
      name: ${name}
      detach: true
      network: ${net}
      ports: ["8080"]
      waitForHealth: true
      timeout: 30s
  fetch:
    type: shell
    needs: web
    executor:
      kind: container
      image: ${busyboxImage()}
      pull: never
      options: ["--network=${net}"]
    with:
      shell: sh
      run: |
        wget -qO- http://${name}:8080/ > page.txt
        echo "page=$(cat page.txt)" >> "$ANSFLOW_OUTPUT"
  configure:
    type: ansible.playbook
    needs: fetch
    with:
      playbook: ok.yml
      inventory: "localhost,"
      connection: local
      extraVars:
        page: \${{ steps.fetch.outputs.page }}
`;
  const file = join(ws, 'p.ansflow.yaml');
  writeFileSync(file, yaml);
  const parsed = parsePipeline(yaml, { file });
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`), []);
  const events: RunEvent[] = [];
  const handle = runPipeline(parsed, { workspace: ws, trigger: 'test' });
  handle.onEvent((e) => events.push(e));
  const summary = await handle.done;
  const logs = events.filter((e) => e.type === 'step-log').map((e) => (e as { step: string; text: string }).step + '| ' + (e as { text: string }).text).join('');
  assert.equal(summary.status, 'success', logs);
  const progress = events.filter((e): e is Extract<RunEvent, { type: 'step-progress' }> => e.type === 'step-progress' && e.step === 'configure');
  const ok = progress.map((p) => p.detail?.ansible as { event: string; line?: number; result?: { msg?: string } } | undefined).find((a) => a?.event === 'host_ok');
  assert.equal(ok?.line, 4);
  assert.equal(ok?.result?.msg, 'pipeline from ansflow');
  assert.equal((await docker.inspectContainer(name)).State.Running, true);
  assert.ok(events.some((e) => e.type === 'step-start' && e.step === 'fetch' && e.executor === 'container'));
});
