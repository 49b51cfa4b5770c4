import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { SecretMasker, MASK } from '../../../../src/core/runner/masking/SecretMasker.js';

/** The benchmark's secret set (bench/runner.bench.ts): 20 API keys and a 64 KiB certificate bundle. */
function benchSecrets(): string[] {
  const out: string[] = [];
  for (let i = 0; i < 20; i++) out.push(`sk-live-${i}-${createHash('sha256').update(`bench-${i}`).digest('hex').slice(0, 24)}`);
  const lines: string[] = [];
  for (let i = 0; lines.join('\n').length < 64 * 1024 - 60; i++) lines.push(createHash('sha384').update(`pem-${i}`).digest('base64'));
  out.push(`-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----`);
  return out;
}

/** Bytes held in the automaton's typed arrays: what the masker keeps for the whole run. */
function typedArrayBytes(masker: SecretMasker): number {
  let bytes = 0;
  for (const v of Object.values(masker.automaton as object)) {
    if (ArrayBuffer.isView(v)) bytes += v.byteLength;
    // Lists of tables (the long patterns and their KMP tables, the candidates) count too.
    else if (Array.isArray(v)) for (const x of v as unknown[]) if (ArrayBuffer.isView(x)) bytes += x.byteLength;
  }
  return bytes;
}

test('the masker for 20 secrets and a 64 KiB bundle keeps its tables under 9 MiB and 100,000 states (the runner must stay < 150 MiB)', () => {
  const secrets = benchSecrets();
  const m = new SecretMasker(secrets);
  const mib = typedArrayBytes(m) / 1024 / 1024;
  // Per-state arrays sized by the states actually built (shared prefixes), no per-state row index;
  // a pattern is in the trie with its first 64 bytes at most, the rest of a long one in a KMP table.
  assert.ok(mib < 9, `automaton tables take ${mib.toFixed(1)} MiB`);
  assert.ok(m.automaton!.size < 100_000, `${m.automaton!.size} states`);
  // Still masks every form it did.
  const text = `a ${secrets[3]} b ${Buffer.from(secrets[20]!).toString('base64')} c ${JSON.stringify(secrets[20])}`;
  assert.equal(m.mask(text), `a ${MASK} b ${MASK} c "${MASK}"`);
});
