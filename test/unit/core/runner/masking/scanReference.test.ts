// The byte stream against a reference that needs no automaton: every occurrence of every masked
// form found with indexOf, covered bytes joined into runs, each run one mask. Texts are long (up to
// ~200 KB) and read in pieces of every size, so the skip scan, its candidates checked in place, the
// walks at a read's end, the split of a long read between two interleaved scans and long secrets
// that outlast a read are all exercised, with secrets sharing prefixes and overlapping each other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MASK, SecretMasker } from '../../../../../src/core/runner/masking/SecretMasker.js';
import { maskPatterns } from '../../../../../src/core/runner/masking/secretForms.js';

const RUNS = Number(process.env.ANSFLOW_PROPERTY_RUNS ?? 100);

/** Masks `text` by brute force: the oracle for the automaton. Overlapping occurrences join; touching ones stay apart. */
function referenceMask(secrets: string[], text: Buffer): Buffer {
  const ranges: [number, number][] = [];
  for (const p of new Set(secrets.flatMap(maskPatterns))) {
    const needle = Buffer.from(p, 'utf8');
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) ranges.push([at, at + needle.length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const out: Buffer[] = [];
  let emitted = 0;
  for (let i = 0; i < ranges.length; ) {
    const start = ranges[i]![0];
    let end = ranges[i++]![1];
    while (i < ranges.length && ranges[i]![0] < end) end = Math.max(end, ranges[i++]![1]);
    out.push(text.subarray(emitted, start), Buffer.from(MASK));
    emitted = end;
  }
  out.push(text.subarray(emitted));
  return Buffer.concat(out);
}

/** Equal, or a short message at the first difference (the texts run to hundreds of kilobytes). */
function assertSame(actual: Buffer, expected: Buffer, what = ''): void {
  if (actual.equals(expected)) return;
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  const around = (b: Buffer) => JSON.stringify(b.subarray(Math.max(0, i - 40), i + 40).toString('latin1'));
  assert.fail(`${what} differs at byte ${i} of ${expected.length} (got ${actual.length}): ${around(actual)} expected ${around(expected)}`);
}

/** The bytes read in pieces ending at the given points, each piece a fresh buffer (as pipe reads are). */
function reads(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let last = 0;
  for (const p of [...points, bytes.length]) {
    out.push(Buffer.from(bytes.subarray(last, p)));
    last = p;
  }
  return out;
}

function maskReads(m: SecretMasker, chunks: Buffer[]): Buffer {
  const s = m.byteStream();
  const out = chunks.map((c) => Buffer.from(s.push(c)));
  out.push(Buffer.from(s.end()));
  return Buffer.concat(out);
}

// A small alphabet, so that filler often starts like a secret and secrets share prefixes.
const chars = fc.constantFrom(...'abc-=_/+ \n0é'.split(''));
const word = (min: number, max: number) => fc.array(chars, { minLength: min, maxLength: max }).map((a) => a.join(''));
const shortSecret = word(3, 40).filter((s) => s.trim().length >= 3);
// Long enough to outlast a read and to be kept out of the automaton beyond its first bytes.
const longSecret = fc.tuple(word(1, 8), fc.integer({ min: 100, max: 6_000 }), fc.integer({ min: 1 })).map(([head, n, seed]) => {
  let x = seed | 1;
  let body = head;
  while (body.length < n) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    body += 'abcdefgh-_ \n'[(x >>> 0) % 12];
  }
  return body;
});
// Periodic, so that its first bytes occur again inside itself and partial matches overlap.
const periodicSecret = fc
  .tuple(word(1, 3), fc.integer({ min: 65, max: 400 }), word(0, 2))
  .map(([unit, n, end]) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n) + end)
  .filter((s) => s.trim().length >= 3);
const secretSet = fc
  .tuple(fc.array(shortSecret, { minLength: 1, maxLength: 6 }), fc.array(fc.oneof(longSecret, periodicSecret), { maxLength: 2 }), word(3, 12))
  .map(([short, long, common]) => [...short, ...long, ...short.slice(0, 2).map((s) => common + s)]);

type Piece = { kind: 'filler'; text: string } | { kind: 'secret' | 'form' | 'near' | 'head'; index: number };
const piece: fc.Arbitrary<Piece> = fc.oneof(
  { weight: 4, arbitrary: fc.oneof(word(0, 20), word(200, 2000)).map((text) => ({ kind: 'filler' as const, text })) },
  { weight: 2, arbitrary: fc.nat().map((index) => ({ kind: 'secret' as const, index })) },
  { weight: 1, arbitrary: fc.nat().map((index) => ({ kind: 'form' as const, index })) },
  { weight: 1, arbitrary: fc.nat().map((index) => ({ kind: 'near' as const, index })) },
  { weight: 1, arbitrary: fc.nat().map((index) => ({ kind: 'head' as const, index })) },
);

function assemble(secrets: string[], pieces: Piece[]): Buffer {
  const forms = secrets.flatMap(maskPatterns);
  return Buffer.from(
    pieces
      .map((p) => {
        if (p.kind === 'filler') return p.text;
        if (p.kind === 'form') return forms[p.index % forms.length]!;
        const s = secrets[p.index % secrets.length]!;
        if (p.kind === 'secret') return s;
        // A near miss: everything but the last character, then something else; or only a head.
        return p.kind === 'near' ? `${s.slice(0, -1)}#` : s.slice(0, Math.ceil(s.length * 0.7));
      })
      .join(''),
    'utf8',
  );
}

test('(unit) byte stream equals brute-force masking on long texts read in pieces of any size (skip scan, both interleaved scans, long secrets)', () => {
  fc.assert(
    fc.property(secretSet, fc.array(piece, { minLength: 1, maxLength: 40 }), fc.array(fc.nat(400_000), { maxLength: 12 }), (secrets, pieces, cuts) => {
      const text = assemble(secrets, pieces);
      const m = new SecretMasker(secrets);
      const want = referenceMask(secrets, text);
      assertSame(maskReads(m, reads(text, cuts)), want, 'stream');
      assertSame(Buffer.from(m.mask(text.toString('utf8')), 'utf8'), want, 'whole text');
    }),
    { numRuns: RUNS },
  );
});

test('(unit) a secret where the two interleaved scans of a long read meet, or starting in either half and running into the next read, is masked once, whole', () => {
  const secrets = ['sk-live-0-0123456789abcdef', 'sk-live-1-fedcba9876543210', 'BEGIN-abcdefghijklmnopqrstuvwxyz'];
  const m = new SecretMasker(secrets);
  for (let at = 4000; at < 4100; at++) {
    const filler = 'INFO request handled in 12ms path=/api/v1/items status=200 '.repeat(200);
    const text = Buffer.from(`${filler.slice(0, at)}${secrets[at % 3]}${filler.slice(at)}${secrets[(at + 1) % 3]}${secrets[(at + 2) % 3]}\n`);
    assertSame(maskReads(m, [Buffer.from(text)]), referenceMask(secrets, text), `secret at ${at}:`);
  }
  // A long secret starting in the second half of a long read and ending in the next one (the
  // second scan meets it while the first is still busy), or in the first half.
  const long = `LONG-${'0123456789abcdef'.repeat(120)}`;
  const withLong = new SecretMasker([...secrets, long]);
  for (const repeat of [60, 1]) {
    const filler = 'DEBUG cache miss key=user:1234 ttl=300 backend=redis-primary '.repeat(repeat);
    const text = Buffer.from(`${filler}${long}${filler}`);
    for (let cut = filler.length + 30; cut < filler.length + long.length; cut += 97) {
      assertSame(maskReads(withLong, [Buffer.from(text.subarray(0, cut)), Buffer.from(text.subarray(cut))]), referenceMask([...secrets, long], text), `cut at ${cut}:`);
    }
  }
});

test('(unit) a long periodic secret inside longer runs of its own period is masked where it occurs whole', () => {
  const secret = 'ab'.repeat(300);
  const m = new SecretMasker([secret]);
  for (const run of [599, 600, 601, 5_000]) {
    const text = Buffer.from(`x${'ab'.repeat(run >> 1)}${run % 2 ? 'a' : ''}y\n`.repeat(3));
    const cuts = Array.from({ length: 40 }, (_, k) => (k * 7919 * 13) % text.length);
    assertSame(maskReads(m, reads(text, cuts)), referenceMask([secret], text), `run of ${run}:`);
  }
  // Its end differs from the period: found only by going back along the pattern's own borders.
  const ending = `${'ab'.repeat(40)}c`;
  const text = Buffer.from(`${'ab'.repeat(41)}c ${'ab'.repeat(60)}c ${'ab'.repeat(39)}c\n`);
  for (let cut = 0; cut <= text.length; cut += 11) assertSame(maskReads(new SecretMasker([ending]), reads(text, [cut])), referenceMask([ending], text), `cut at ${cut}:`);
});

test('(unit) the longest overlapping occurrence wins: one mask over the union, whatever the read boundaries', () => {
  const secrets = ['abcdef-123', 'ef-123-xyz', 'abcdef-123-xyz-and-more-of-it'];
  const m = new SecretMasker(secrets);
  const text = Buffer.from(`${'x'.repeat(300)}[abcdef-123-xyz-and-more-of-it][abcdef-123-xyz][ef-123-xyz-and]${'y'.repeat(300)}`);
  const want = `${'x'.repeat(300)}[${MASK}][${MASK}][${MASK}-and]${'y'.repeat(300)}`;
  for (let cut = 0; cut <= text.length; cut += 7) assert.equal(maskReads(m, [Buffer.from(text.subarray(0, cut)), Buffer.from(text.subarray(cut))]).toString(), want, `cut at ${cut}`);
});
