// Inventories tree benchmark: a generated 5,000-host INI inventory (50 groups in 5 parent groups,
// inline vars, ports, :vars, group_vars/ and host_vars/) through the tree model the view uses: a
// cold model built, the file parsed and the first level rendered (file row, `all`, its groups),
// then one group's hosts and one host's merged variables. Baseline in the same run:
// `ansible-inventory --graph` on the same file (skip with --no-ansible). Goal: first level < 300 ms.
// Usage: node --import tsx bench/inventories-tree.bench.ts [--hosts N] [--runs N] [--no-ansible]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InventoryTreeModel, type InventoryRow } from '../src/core/views/inventories/InventoryTreeModel.js';
import { median, numberArg } from './benchSupport.js';

const HOSTS = numberArg('hosts', 5000);
const RUNS = numberArg('runs', 7);
const GROUPS = 50;

function generate(dir: string): string {
  const per = Math.floor(HOSTS / GROUPS);
  const lines: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    lines.push(`[svc${g}]`);
    for (let h = 0; h < per; h++) lines.push(`svc${g}-${h}.example.com${h % 10 === 0 ? `:${2200 + h}` : ''} ansible_host=10.${g}.${h >> 8}.${h & 255} weight=${h % 7} role=${h % 3 ? 'worker' : 'leader'}`);
    lines.push('', `[svc${g}:vars]`, `group_index=${g}`, `owner='team-${g % 5}'`, '');
  }
  for (let r = 0; r < 5; r++) {
    lines.push(`[zone${r}:children]`);
    for (let g = r; g < GROUPS; g += 5) lines.push(`svc${g}`);
    lines.push('', `[zone${r}:vars]`, `zone=z${r}`, '');
  }
  lines.push('[all:vars]', 'ntp=time.example.com', '');
  writeFileSync(join(dir, 'hosts.ini'), lines.join('\n'));
  mkdirSync(join(dir, 'group_vars'));
  mkdirSync(join(dir, 'host_vars'));
  writeFileSync(join(dir, 'group_vars', 'all.yml'), 'dns: [1.1.1.1, 9.9.9.9]\n');
  writeFileSync(join(dir, 'group_vars', 'zone1.yml'), 'zone: overridden\nbackup: yes\n');
  writeFileSync(join(dir, 'host_vars', 'svc3-0.example.com.yml'), 'special: true\n');
  return join(dir, 'hosts.ini');
}

const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;
const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];

const dir = mkdtempSync(join(tmpdir(), 'ansflow-invtree-bench-'));
try {
  const file = generate(dir);
  const first: number[] = [];
  const group: number[] = [];
  const host: number[] = [];
  let firstLevel: InventoryRow[] = [];
  for (let i = 0; i < RUNS; i++) {
    let t = process.hrtime.bigint();
    const model = new InventoryTreeModel(dir);
    model.setFiles([file]);
    const [root] = model.roots();
    const [all] = model.children(root);
    firstLevel = model.children(all);
    first.push(ms(t));
    t = process.hrtime.bigint();
    const zone = firstLevel.find((r) => r.label === 'zone3')!;
    const svc = model.children(zone)[0];
    const hosts = model.children(svc);
    group.push(ms(t));
    t = process.hrtime.bigint();
    model.children(hosts[0]);
    host.push(ms(t));
  }
  if (firstLevel.length !== 6) throw new Error(`expected ungrouped + 5 zones, got ${firstLevel.map((r) => r.label).join(', ')}`);
  console.log(`inventory: ${HOSTS} hosts, ${GROUPS} groups in 5 parents; ${RUNS} cold runs`);
  console.log(`tree model built + first level rendered (file, all, ${firstLevel.length} groups): median ${median(first).toFixed(1)} ms, max ${Math.max(...first).toFixed(1)} ms (goal < 300 ms)`);
  console.log(`expand a zone and a ${GROUPS ? Math.floor(HOSTS / GROUPS) : 0}-host group: median ${median(group).toFixed(1)} ms, p95 ${p95(group).toFixed(1)} ms`);
  console.log(`expand a host (merged variables with origins): median ${median(host).toFixed(2)} ms`);
  if (!process.argv.includes('--no-ansible')) {
    const t = process.hrtime.bigint();
    execFileSync('ansible-inventory', ['-i', file, '--graph'], { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, ANSIBLE_NOCOLOR: '1' } });
    const a = ms(t);
    console.log(`baseline ansible-inventory --graph (same file, same run): ${a.toFixed(0)} ms → first level ${(a / median(first)).toFixed(0)}× faster`);
  }
  if (median(first) >= 300) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
