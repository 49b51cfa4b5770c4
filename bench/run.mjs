// Runs every benchmark in bench/, one after another, each in its own process so timings don't mix.
// Benchmarks that need engines (docker, kube, helm, ansible) expect test/infra/with-engines.sh around
// this script: `bash test/infra/with-engines.sh npm run bench`. Usage: node bench/run.mjs [name-filter]
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const filter = process.argv[2] ?? '';
const benches = readdirSync('bench').filter((f) => f.endsWith('.bench.ts') && f.includes(filter)).sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n=== bench/${file}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `bench/${file}`], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.log(`=== bench/${file} exited ${r.status ?? r.signal}`);
  }
}
process.exit(failed ? 1 : 0);
