// The Inventories tree model without VS Code: rows, grouping as Ansible's graph shows it,
// descriptions, the origin (file and line) of each merged variable, vault values, discovery.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InventoryTreeModel, type InventoryRow } from '../../../../../src/core/views/inventories/InventoryTreeModel.js';
import { ansibleCfgInventories, discoverInventories, isInventoryByName } from '../../../../../src/core/views/inventories/discoverInventories.js';

const FIXTURES = join(__dirname, 'fixtures');
const SITE = join(FIXTURES, 'site', 'hosts.ini');

function model(file = SITE): InventoryTreeModel {
  const m = new InventoryTreeModel(FIXTURES);
  m.setFiles([file]);
  return m;
}

const find = (rows: InventoryRow[], label: string): InventoryRow => {
  const r = rows.find((x) => x.label === label);
  assert.ok(r, `no row ${label} among ${rows.map((x) => x.label).join(', ')}`);
  return r;
};

test('(unit) inventories tree: file > all > groups (children first, then hosts) like ansible-inventory --graph', () => {
  const m = model();
  const [file] = m.roots();
  assert.equal(file.label, 'site/hosts.ini');
  assert.equal(file.description, '4 groups · 6 hosts');
  const [all] = m.children(file);
  assert.equal(all.label, 'all');
  assert.equal(all.collapsible, 'expanded');
  assert.deepEqual(m.children(all).map((r) => r.label), ['ungrouped', 'staging', 'prod']);
  const staging = find(m.children(all), 'staging');
  assert.equal(staging.description, '3 hosts');
  const web = find(m.children(staging), 'web');
  assert.deepEqual(m.children(web).map((r) => `${r.kind}:${r.label}:${r.description ?? ''}`), ['host:web1:10.0.0.1', 'host:web2:', 'host:web3:port 2222']);
  assert.deepEqual(m.children(find(m.children(all), 'ungrouped')).map((r) => r.label), ['lonely']);
  // Hosts listed under `all` itself show under `ungrouped`, as in the graph, never directly under `all`.
  const y = join(FIXTURES, 'yaml', 'inventory.yml');
  const ym = model(y);
  const yall = ym.children(ym.roots()[0])[0];
  assert.deepEqual(ym.children(yall).map((r) => `${r.kind}:${r.label}`), ['group:ungrouped', 'group:app', 'group:cache']);
  assert.deepEqual(ym.children(ym.children(yall)[0]).map((r) => r.label), ['bastion']);
  // Ids stay unique where a group shows under two parents.
  const ids = new Set<string>();
  const walk = (rows: InventoryRow[]): void => {
    for (const r of rows) {
      assert.ok(!ids.has(r.id), `duplicate id ${r.id}`);
      ids.add(r.id);
      walk(m.children(r));
    }
  };
  walk(m.roots());
  assert.ok(ids.size > 40);
});

test('(unit) inventories tree: each merged variable names the file and line that won', () => {
  const m = model();
  const vars = m.hostVars(SITE, 'web1')!.vars;
  const origin = (key: string): string => {
    const v = vars.find((x) => x.key === key)!;
    return `${v.origin.file.slice(FIXTURES.length + 1)}:${v.origin.line}`;
  };
  assert.equal(origin('ansible_host'), 'site/hosts.ini:5');
  assert.equal(origin('env'), 'site/hosts.ini:24'); // [staging:vars]
  assert.equal(origin('owner'), 'site/hosts.ini:29'); // [all:vars]
  assert.equal(origin('ntp'), 'site/group_vars/all.yml:3'); // group_vars/all beats [all:vars]
  assert.equal(origin('packages'), 'site/group_vars/web/10-main.yml:2');
  assert.equal(origin('http_port'), 'site/host_vars/web1.yml:2'); // host_vars beat the host line
  assert.equal(origin('tier'), 'site/host_vars/web1.yml:1');
  const web3 = m.hostVars(SITE, 'web3')!.vars;
  assert.deepEqual(web3.find((v) => v.key === 'ansible_port')!.origin.line, 7); // from `web3:2222`
  assert.deepEqual(web3.find((v) => v.key === 'http_port')!.origin.file.endsWith('10-main.yml'), true);
  const db2 = m.hostVars(SITE, 'db2')!.vars;
  assert.ok(db2.find((v) => v.key === 'retention_days')!.origin.file.endsWith('host_vars/db2'));

  const y = join(FIXTURES, 'yaml', 'inventory.yml');
  const ym = model(y);
  const app02 = ym.hostVars(y, 'app02')!.vars;
  const line = (vs: typeof app02, k: string): string => {
    const v = vs.find((x) => x.key === k)!;
    return `${v.origin.file.slice(FIXTURES.length + 1)}:${v.origin.line}`;
  };
  assert.equal(line(app02, 'app_port'), 'yaml/host_vars/app02.yml:1');
  assert.equal(line(app02, 'stage'), 'yaml/inventory.yml:13');
  assert.equal(line(app02, 'region'), 'yaml/inventory.yml:3');
  const r2 = ym.hostVars(y, 'r2')!.vars;
  assert.equal(line(r2, 'maxmemory'), 'yaml/inventory.yml:20'); // the host's own value beats group_vars/
  assert.equal(line(ym.hostVars(y, 'r1')!.vars, 'maxmemory'), 'yaml/group_vars/redis.yml:1');
});

test('(unit) inventories tree: variable rows show value and origin; vault values stay encrypted', () => {
  const m = model();
  const all = m.children(m.roots()[0])[0];
  const web1 = find(m.children(find(m.children(find(m.children(all), 'staging')), 'web')), 'web1');
  const rows = m.children(web1);
  assert.deepEqual(rows.map((r) => r.label), ['ansible_host', 'db_password', 'env', 'http_port', 'ntp', 'owner', 'packages', 'tier', 'timezone']);
  const port = find(rows, 'http_port');
  assert.equal(port.description, '8443 · host_vars/web1.yml:2');
  assert.deepEqual(port.open, { file: join(FIXTURES, 'site', 'host_vars', 'web1.yml'), line: 2 });
  assert.equal(find(rows, 'packages').description, '["nginx","certbot"] · group_vars/web/10-main.yml:2');
  const secret = find(rows, 'db_password');
  assert.equal(secret.kind === 'var' && secret.encrypted, true);
  assert.equal(secret.contextValue, 'ansflow.inventory.var.encrypted');
  assert.equal(secret.description, 'encrypted (vault) · group_vars/web/20-secrets.yml:1');
  for (const r of rows) assert.ok(!`${r.description}${r.tooltip}`.includes('ANSIBLE_VAULT'), `${r.label} shows ciphertext`);
});

test('(unit) inventories tree: broken files, whole-file vaults and plugin configs are rows, not exceptions', () => {
  const d = mkdtempSync(join(tmpdir(), 'ansflow-invtree-'));
  try {
    writeFileSync(join(d, 'bad.ini'), '[web]\nh1\n[web:kids]\n');
    writeFileSync(join(d, 'plugin.yml'), 'plugin: amazon.aws.aws_ec2\n');
    mkdirSync(join(d, 'host_vars'));
    writeFileSync(join(d, 'hosts'), '[db]\nd1\n');
    writeFileSync(join(d, 'host_vars', 'd1.yml'), '$ANSIBLE_VAULT;1.1;AES256\n6231336539\n');
    const m = new InventoryTreeModel(d);
    m.setFiles([join(d, 'bad.ini'), join(d, 'plugin.yml'), join(d, 'hosts')]);
    const [bad, plugin, hosts] = m.roots();
    assert.match(bad.description!, /^line 3: Section \[web:kids\] has unknown type/);
    assert.deepEqual(bad.open, { file: join(d, 'bad.ini'), line: 3 });
    assert.match(plugin.description!, /plugin configuration/);
    const d1 = m.children(m.children(m.children(hosts)[0])[1])[0];
    assert.equal(d1.label, 'd1');
    const notes = m.children(d1);
    assert.deepEqual(notes.map((n) => `${n.kind}:${n.label}:${n.description}`), ['note:host_vars/d1.yml:vault-encrypted file (not decrypted)']);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('(unit) inventories discovery: names, inventories/ folders, ansible.cfg and the setting', () => {
  assert.equal(isInventoryByName('inventory'), true);
  assert.equal(isInventoryByName('deploy/hosts.ini'), true);
  assert.equal(isInventoryByName('inventories/prod/web.yml'), true);
  assert.equal(isInventoryByName('inventories/prod/group_vars/web.yml'), false);
  assert.equal(isInventoryByName('docs/inventory.md'), false);
  assert.equal(isInventoryByName('site.yml'), false);
  assert.deepEqual(ansibleCfgInventories('[defaults]\n# c\ninventory = ./inv/a.ini, b.yml ; note\n[ssh]\ninventory=x\n'), ['./inv/a.ini', 'b.yml']);
  const d = mkdtempSync(join(tmpdir(), 'ansflow-invfind-'));
  try {
    mkdirSync(join(d, 'inv', 'group_vars'), { recursive: true });
    writeFileSync(join(d, 'inv', 'main'), 'h1\n');
    writeFileSync(join(d, 'inv', 'skipped.ini'), 'h2\n'); // Ansible ignores .ini inside an inventory folder
    writeFileSync(join(d, 'inv', 'group_vars', 'all.yml'), 'a: 1\n');
    writeFileSync(join(d, 'extra.txt.yml'), 'all: {}\n');
    const found = discoverInventories({ root: d, found: ['hosts', 'README.md', 'inventories/x.yml'], ansibleCfg: '[defaults]\ninventory = inv, missing.ini\n', configured: ['extra.txt.yml'] });
    assert.deepEqual(found.map((f) => f.slice(d.length + 1)), ['extra.txt.yml', 'hosts', 'inv/main', 'inventories/x.yml']);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('(unit) inventories tree: Open Definition goes to the line that first names a group or host', () => {
  const m = model();
  const all = m.children(m.roots()[0])[0];
  const prod = find(m.children(all), 'prod');
  assert.deepEqual(m.definition(prod), { file: SITE, line: 16 });
  const db = find(m.children(prod), 'db');
  assert.deepEqual(m.definition(db), { file: SITE, line: 9 });
  assert.deepEqual(m.definition(find(m.children(db), 'db2')), { file: SITE, line: 11 });
  const y = join(FIXTURES, 'yaml', 'inventory.yml');
  const ym = model(y);
  const yall = ym.children(ym.roots()[0])[0];
  const redis = find(ym.children(find(ym.children(yall), 'cache')), 'redis');
  assert.deepEqual(ym.definition(redis), { file: y, line: 16 });
  assert.deepEqual(ym.definition(find(ym.children(redis), 'r2')), { file: y, line: 19 });
  assert.deepEqual(ym.definition(find(ym.children(find(ym.children(yall), 'app')), 'app02')), { file: y, line: 7 });
});
