import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FRAME_HEADER, HelperFrameReader } from '../../../../src/core/process/helperFrames.js';

function frame(type: string, id: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(FRAME_HEADER);
  h.write(type, 0, 'latin1');
  h.writeUInt32BE(id, 1);
  h.writeUInt32BE(payload.length, 5);
  return Buffer.concat([h, payload]);
}

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function rng(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
}

test('helper frames: every chunking gives the same frames, output streamed and control frames whole', () => {
  const next = rng(7);
  const expected: { type: string; id: number; payload: Buffer }[] = [];
  for (let i = 0; i < 200; i++) {
    const type = 'POEXC'[Math.floor(next() * 5)]!;
    const len = type === 'O' || type === 'E' ? Math.floor(next() * (next() < 0.1 ? 70_000 : 300)) : Math.floor(next() * 12);
    const payload = Buffer.alloc(len);
    for (let j = 0; j < len; j++) payload[j] = Math.floor(next() * 256);
    expected.push({ type, id: 1 + Math.floor(next() * 3), payload });
  }
  const wire = Buffer.concat(expected.map((f) => frame(f.type, f.id, f.payload)));
  const want = canonical(expected.map((f) => [f.type, f.id, f.payload] as const));
  for (const maxRead of [1, 5, 9, 10, 4096, 65536, wire.length]) {
    const got: (readonly [string, number, Buffer])[] = [];
    const reader = new HelperFrameReader(
      (t) => t === 'O' || t === 'E',
      // A copy: views are valid only during the call.
      (type, id, payload) => got.push([type, id, Buffer.from(payload)]),
    );
    for (let off = 0; off < wire.length; ) {
      const n = Math.min(wire.length - off, Math.floor(next() * maxRead) + 1);
      // A fresh buffer, as a pipe read is: the reader may overwrite it.
      reader.push(Buffer.from(wire.subarray(off, off + n)));
      off += n;
    }
    const have = canonical(got);
    assert.equal(have.length, want.length, `frames with reads of up to ${maxRead} bytes`);
    have.forEach((g, i) => {
      assert.equal(g[0], want[i]![0]);
      assert.equal(g[1], want[i]![1]);
      assert.ok(g[2].equals(want[i]![2]), `payload of frame ${i} (reads ≤ ${maxRead})`);
    });
  }
});

/** Output pieces of one job and stream in a row joined (where output frames end does not matter); control frames as they are. */
function canonical(frames: readonly (readonly [string, number, Buffer])[]): [string, number, Buffer][] {
  const out: [string, number, Buffer][] = [];
  for (const [t, id, p] of frames) {
    const last = out[out.length - 1];
    if ((t === 'O' || t === 'E') && last && last[0] === t && last[1] === id) last[2] = Buffer.concat([last[2], p]);
    else out.push([t, id, p]);
  }
  return out;
}

test('helper frames: a control frame split across reads is delivered once, as a copy', () => {
  const got: string[] = [];
  const reader = new HelperFrameReader(() => false, (t, id, p) => got.push(`${t}${id}:${p.toString()}`));
  const wire = Buffer.concat([frame('X', 4, Buffer.from('0 15')), frame('C', 4, Buffer.alloc(0))]);
  const first = Buffer.from(wire.subarray(0, 11));
  reader.push(first);
  first.fill(0); // the reader must not keep a view of a read it was handed
  reader.push(Buffer.from(wire.subarray(11)));
  assert.deepEqual(got, ['X4:0 15', 'C4:']);
});

test('helper frames: output frames of one job and stream that follow each other in a read come out as one piece, in order with control frames', () => {
  const got: string[] = [];
  const reader = new HelperFrameReader(
    (t) => t === 'O' || t === 'E',
    (t, id, p) => got.push(`${t}${id}:${p.toString()}`),
  );
  const wire = Buffer.concat([
    frame('O', 1, Buffer.from('ab')),
    frame('O', 1, Buffer.from('cd')),
    frame('O', 1, Buffer.from('ef')),
    frame('E', 1, Buffer.from('gh')),
    frame('O', 2, Buffer.from('ij')),
    frame('O', 2, Buffer.from('kl')),
    frame('X', 2, Buffer.from('0 0')),
    frame('O', 2, Buffer.from('mn')),
    frame('O', 2, Buffer.alloc(0)),
    frame('O', 2, Buffer.from('op')),
  ]);
  // The last frame's payload is cut by the read's end: its first byte goes with this read.
  reader.push(Buffer.from(wire.subarray(0, wire.length - 1)));
  reader.push(Buffer.from(wire.subarray(wire.length - 1)));
  assert.deepEqual(got, ['O1:abcdef', 'E1:gh', 'O2:ijkl', 'X2:0 0', 'O2:mn', 'O2:', 'O2:o', 'O2:p']);
});
