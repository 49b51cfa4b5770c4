// Inventory parse benchmark: a generated 5,000-host INI inventory (ranges, inline vars, children,
// :vars, group_vars/ and host_vars/) through the native parser vs `ansible-inventory --list` on the
// same file, in the same run. Goal: ≥ 10× faster with identical JSON (deep-equal, checked here).
// Usage: node --import tsx bench/inventory.bench.ts [--hosts N] [--runs N]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseInventoryFile } from '../src/core/clients/ansible/inventory/loadInventory.js';
import { median, numberArg } from './benchSupport.js';

const HOSTS = numberArg('hosts', 5000);
const RUNS = numberArg('runs', 5);

/** Writes the inventory: 50 groups of HOSTS/50 hosts as ranges plus per-host lines with inline vars. */
function generate(dir: string): string {
  const perGroup = HOSTS / 50;
  const lines: string[] = [];
  for (let g = 0; g < 50; g++) {
    lines.push(`[app${g}]`);
    const half = Math.floor(perGroup / 2);
    lines.push(`app${g}-[${'0'.repeat(String(half).length)}:${half - 1}].example.com http_port=${8000 + g} tier=web`);
    for (let h = half; h < perGroup; h++) lines.push(`app${g}-${h}.example.com:${2200 + (h % 50)} ansible_host=10.${g}.${h >> 8}.${h & 255} weight=${h % 7} enabled=True tags="['a', 'b']"`);
    lines.push('', `[app${g}:vars]`, `group_index=${g}`, `owner='team-${g % 5}'`, '');
  }
  for (let r = 0; r < 5; r++) {
    lines.push(`[region${r}:children]`);
    for (let g = r; g < 50; g += 5) lines.push(`app${g}`);
    lines.push('', `[region${r}:vars]`, `region=r${r}`, '');
  }
  lines.push('[all:vars]', 'ntp=time.example.com', '');
  writeFileSync(join(dir, 'hosts.ini'), lines.join('\n'));
  mkdirSync(join(dir, 'group_vars'));
  mkdirSync(join(dir, 'host_vars'));
  writeFileSync(join(dir, 'group_vars', 'all.yml'), 'dns: [1.1.1.1, 9.9.9.9]\n');
  writeFileSync(join(dir, 'group_vars', 'region1.yml'), 'region: overridden\nbackup: yes\n');
  writeFileSync(join(dir, 'host_vars', 'app3-0.example.com.yml'), 'special: true\n');
  return join(dir, 'hosts.ini');
}

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const dir = mkdtempSync(join(tmpdir(), 'ansflow-inv-bench-'));
try {
  const file = generate(dir);
  const ansibleTimes: number[] = [];
  let expected: unknown;
  for (let i = 0; i < numberArg('ansible-runs', 1); i++) {
    const t = process.hrtime.bigint();
    const out = execFileSync('ansible-inventory', ['-i', file, '--list'], { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, ANSIBLE_NOCOLOR: '1' } });
    ansibleTimes.push(ms(t));
    expected = JSON.parse(out);
  }
  const nativeTimes: number[] = [];
  let list: unknown;
  for (let i = 0; i < RUNS + 2; i++) {
    const t = process.hrtime.bigint();
    const r = parseInventoryFile(file);
    const elapsed = ms(t);
    if (!r.ok) throw r.error;
    list = r.value.list;
    if (i > 1) nativeTimes.push(elapsed); // the first two runs warm the JIT
  }
  const identical = isDeepStrictEqual(JSON.parse(JSON.stringify(list)), expected);
  const hostCount = Object.keys((expected as { _meta: { hostvars: object } })._meta.hostvars).length;
  const a = median(ansibleTimes);
  const n = median(nativeTimes);
  console.log(`inventory: ${hostCount} hosts, 55 groups`);
  console.log(`  ansible-inventory --list   median ${a.toFixed(0)} ms (${ansibleTimes.length} runs, incl. Python start-up)`);
  console.log(`  native parse + --list JSON median ${n.toFixed(1)} ms (${nativeTimes.length} runs)`);
  console.log(`  ratio: ${(a / n).toFixed(1)}× faster (goal ≥ 10×)   identical JSON: ${identical ? 'yes' : 'NO'}`);
  if (!identical) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
