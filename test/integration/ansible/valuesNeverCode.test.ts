// ansible.playbook extra vars and ansible.adhoc args through the real parser, runner and ansible-core:
// a value from an expression reaches the module as it is — Ansible never templates it (no lookup
// runs) and it never adds `key=value` pairs or shell words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireEngine } from '../engines.js';
import { parsePipeline } from '../../../src/core/pipeline/index.js';
import { runPipeline } from '../../../src/core/runner/index.js';
import type { RunEvent } from '../../../src/core/contracts/events.js';

test('(integration) ansible: values from expressions arrive literally in extra vars and ad-hoc args; no marker file', async (t) => {
  if (!requireEngine(t, 'ansible')) return;
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-avals-'));
  t.after(() => rmSync(ws, { recursive: true, force: true }));
  const marker = (n: number) => join(ws, `marker${n}`);
  const lookup = (n: number) => `{{ lookup('pipe', 'touch ${marker(n)}') }}`;
  writeFileSync(join(ws, 'play.yml'), '- hosts: all\n  gather_facts: false\n  tasks:\n    - copy:\n        dest: "{{ out }}"\n        content: "{{ v }}|{{ lit }}|{{ n + 1 }}"\n');
  const params: Record<string, string> = {
    v: `a ${lookup(1)} b`,
    kv: `x other=y ${lookup(2)}`,
    cmd: `x; touch ${marker(3)} ${lookup(4)}`,
    sub: `$(touch ${marker(5)})`,
  };
  const yaml = `version: 1
name: ansible-values
params:
  v: { type: string, default: "" }
  kv: { type: string, default: "" }
  cmd: { type: string, default: "" }
steps:
  play:
    type: ansible.playbook
    with:
      playbook: play.yml
      inventory: "localhost,"
      connection: local
      extraVars:
        v: \${{ params.v }}
        out: ${join(ws, 'out.txt')}
        lit: "{{ 'templated' | upper }}"
        n: \${{ 41 }}
  kv:
    type: ansible.adhoc
    with:
      hosts: all
      inventory: "localhost,"
      connection: local
      module: debug
      args: msg=\${{ params.kv }}
  command:
    type: ansible.adhoc
    with:
      hosts: all
      inventory: "localhost,"
      connection: local
      module: ansible.builtin.command
      args: echo \${{ params.cmd }}
  shell:
    type: ansible.adhoc
    with:
      hosts: all
      inventory: "localhost,"
      connection: local
      module: shell
      args: chdir=\${{ params.dir }} echo \${{ params.cmd }} "in $(pwd)"
  quoted:
    type: ansible.adhoc
    with:
      hosts: all
      inventory: "localhost,"
      connection: local
      module: shell
      args: echo "\${{ params.sub }}"
`.replace('  cmd: { type: string, default: "" }\n', `  cmd: { type: string, default: "" }\n  sub: { type: string, default: "" }\n  dir: { type: string, default: "${ws}" }\n`);
  const file = join(ws, 'p.ansflow.yaml');
  writeFileSync(file, yaml);
  const parsed = parsePipeline(yaml, { file });
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  const events: RunEvent[] = [];
  const handle = runPipeline(parsed, { workspace: ws, trigger: 'test', params });
  handle.onEvent((e) => events.push(e));
  const summary = await handle.done;
  const log = (step: string) => events.filter((e): e is Extract<RunEvent, { type: 'step-log' }> => e.type === 'step-log' && e.step === step).map((e) => e.text).join('');
  assert.deepEqual([1, 2, 3, 4, 5].filter((n) => existsSync(marker(n))).map((n) => `marker${n}`), [], 'markers created: a value was run as code');
  // Inside "…" the shell would expand `$(…)` in any value: that place is refused before anything runs.
  const quoted = summary.steps.find((s) => s.step === 'quoted')!;
  assert.equal(quoted.status, 'failed');
  assert.match(quoted.reason ?? '', /inside quotes; in a shell command line write it unquoted/);
  for (const s of summary.steps.filter((x) => x.step !== 'quoted')) assert.equal(s.status, 'success', `${s.step}: ${s.reason ?? ''}\n${log(s.step)}`);
  // Extra vars: the value literally; the author's own Jinja and typed values still work.
  assert.equal(readFileSync(join(ws, 'out.txt'), 'utf8'), `${params.v}|TEMPLATED|42`);
  // k=v args: the whole value is `msg`, nothing else.
  assert.ok(log('kv').includes(`ok: [localhost] — ${params.kv}`), log('kv'));
  // Free-form command lines: the value is one word.
  assert.ok(log('command').includes(`changed: [localhost] — ${params.cmd}`), log('command'));
  assert.ok(log('shell').includes(`changed: [localhost] — ${params.cmd} in ${ws}`), log('shell'));
});
