// Golden comparisons against the real Ansible: a host's merged variables in the tree equal
// `ansible-inventory --host H`, and a host pattern selects what `ansible PATTERN --list-hosts` lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InventoryTreeModel } from '../../../../../src/core/views/inventories/InventoryTreeModel.js';
import { mergedVarsObject } from '../../../../../src/core/views/inventories/mergedHostVars.js';
import { isCI } from '../../../../ciMode.mjs';

const FIXTURES = join(__dirname, 'fixtures');
const INVENTORIES = ['site/hosts.ini', 'yaml/inventory.yml'];
const haveAnsible = spawnSync('ansible', ['--version'], { encoding: 'utf8' }).status === 0;
const env = { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_HOST_PATTERN_MISMATCH: 'ignore', ANSIBLE_LOCALHOST_WARNING: 'False' };

function needAnsible(t: { skip(msg: string): void }): boolean {
  if (haveAnsible) return true;
  if (isCI()) assert.fail(`ansible is not installed (CI=${process.env.CI})`);
  t.skip('ansible not installed: install ansible-core to run the golden comparison');
  return false;
}

// `--list` computes every host's variables the way `--host` does; two hosts are also asked through
// `--host` itself, so the shortcut is checked against the command the tree promises to equal.
for (const name of INVENTORIES) {
  test(`(unit) merged host variables of ${name} equal ansible-inventory --host for every host`, (t) => {
    if (!needAnsible(t)) return;
    const file = join(FIXTURES, name);
    const model = new InventoryTreeModel(FIXTURES);
    model.setFiles([file]);
    const hosts = [...model.data(file)!.hosts.keys()];
    assert.ok(hosts.length >= 6, 'the fixture has hosts');
    const list = JSON.parse(execFileSync('ansible-inventory', ['-i', file, '--list'], { encoding: 'utf8', env }));
    for (const h of hosts) {
      const merged = model.hostVars(file, h)!;
      assert.deepStrictEqual(JSON.parse(JSON.stringify(mergedVarsObject(merged))), list._meta.hostvars[h] ?? {}, `host ${h}`);
    }
    for (const h of hosts.slice(1, 3)) {
      const expected = JSON.parse(execFileSync('ansible-inventory', ['-i', file, '--host', h], { encoding: 'utf8', env }));
      assert.deepStrictEqual(JSON.parse(JSON.stringify(mergedVarsObject(model.hostVars(file, h)!))), expected, `host ${h} (--host)`);
    }
  });
}

const PATTERNS: Record<string, string[]> = {
  'site/hosts.ini': ['all', 'web', 'staging', 'prod:&db', 'web:!web3', 'staging:&web:!web3', '!web', '&db', 'web,db', 'web[0]', 'web[-1]', 'web[1:]', 'web[0:1]', 'w*', '*1', 'db?', '~w.b[12]', '~^d', 'ungrouped', 'lonely', 'localhost', 'web:db:!db2', 'nosuch', 'web:nosuch', 'prod:staging:&web', '*', 'web[1:2]:&web2', 'all:!ungrouped', 'web[7]', '!web3:web'],
  'yaml/inventory.yml': ['all', 'app', 'cache', 'redis', 'app0*', 'app[0-2]', 'cache:&redis', 'app:!app-special', '~app0[13]', 'r*:!r1', 'bastion:app[1]', 'app[2:]', 'all:!cache:!app'],
};

// What `ansible PATTERN --list-hosts` prints comes from InventoryManager.list_hosts(PATTERN); one Python
// process asks it for every pattern (one CLI start per pattern took over a minute), and the first
// patterns are also run through the real CLI to keep the two honest.
const LIST_HOSTS_PY = `
import json, sys
from ansible.parsing.dataloader import DataLoader
from ansible.inventory.manager import InventoryManager
inv = InventoryManager(loader=DataLoader(), sources=[sys.argv[1]])
out = {}
for p in json.loads(sys.argv[2]):
    try:
        out[p] = [str(h) for h in inv.list_hosts(p)]
    except Exception as e:
        out[p] = {"error": str(e)}
print(json.dumps(out))
`;

/** The Python that runs `ansible` (its shebang): another python3 on PATH may not have the ansible package. */
function ansiblePython(): string {
  const which = spawnSync('sh', ['-c', 'command -v ansible'], { encoding: 'utf8' }).stdout.trim();
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(readFileSync(which, 'utf8').split('\n')[0]);
  if (!shebang) return 'python3';
  return shebang[1].endsWith('/env') ? (shebang[2] ?? 'python3') : shebang[1];
}

function cliListHosts(file: string, pattern: string): string[] {
  const r = spawnSync('ansible', ['-i', file, pattern, '--list-hosts'], { encoding: 'utf8', env });
  return r.status === 0 ? r.stdout.split('\n').slice(1).map((l) => l.trim()).filter(Boolean) : [];
}

for (const [name, patterns] of Object.entries(PATTERNS)) {
  test(`(unit) host patterns on ${name} select what ansible --list-hosts lists`, (t) => {
    if (!needAnsible(t)) return;
    const file = join(FIXTURES, name);
    const model = new InventoryTreeModel(FIXTURES);
    model.setFiles([file]);
    const python = spawnSync(ansiblePython(), ['-c', LIST_HOSTS_PY, file, JSON.stringify(patterns)], { encoding: 'utf8', env });
    assert.equal(python.status, 0, python.stderr);
    const expected = JSON.parse(python.stdout) as Record<string, string[] | { error: string }>;
    for (const pattern of patterns.slice(0, 3)) {
      assert.deepStrictEqual(cliListHosts(file, pattern).sort(), [...(expected[pattern] as string[])].sort(), `CLI and API agree on ${pattern}`);
    }
    for (const pattern of patterns) {
      const want = expected[pattern];
      const ours = model.select(file, pattern);
      if (!Array.isArray(want)) {
        assert.ok('error' in ours, `${pattern}: Ansible refuses it (${want.error}), we selected ${JSON.stringify(ours)}`);
        continue;
      }
      assert.ok('hosts' in ours, `${pattern}: ${'error' in ours ? ours.error : ''}`);
      // Ansible walks nested groups through Python sets, so only the membership is stable.
      assert.deepStrictEqual([...ours.hosts].sort(), [...want].sort(), `pattern ${pattern}`);
    }
  });
}
