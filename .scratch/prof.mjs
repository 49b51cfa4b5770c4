import { readFileSync } from 'node:fs';
const p = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map(), total = new Map();
const dt = p.timeDeltas; let sum = 0;
const filter = process.argv[3];
for (let i = 0; i < p.samples.length; i++) {
  const d = dt[i] ?? 0; sum += d;
  let id = p.samples[i]; const n = byId.get(id);
  const key = (n) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`;
  self.set(key(n), (self.get(key(n)) ?? 0) + d);
  const seen = new Set();
  while (id !== undefined) { const m = byId.get(id); const k = key(m); if (!seen.has(k)) { seen.add(k); total.set(k, (total.get(k) ?? 0) + d); } id = parent.get(id); }
}
const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${(v / 1000).toFixed(0).padStart(7)} ms ${(100 * v / sum).toFixed(1).padStart(5)}% ${k}`).join('\n');
console.log('total', (sum / 1000).toFixed(0), 'ms\nSELF\n' + top(self, 35) + '\nTOTAL\n' + top(total, Number(process.env.NTOT ?? 60)));
