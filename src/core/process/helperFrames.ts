// Reads the fork helper's frames (type byte, job id, payload length, payload; see
// forkHelperScript.ts) from its stdout without joining reads: a pipe read of 64 KiB almost always
// ends inside a frame, and joining the rest with the next read copied every byte once more and kept
// views over whole reads alive between collections. Output payloads are handed on piece by piece
// as they arrive (their consumer decodes a stream anyway); only the 9 header bytes and the short
// control payloads that straddle two reads are copied. Output pieces of the same job and stream
// that follow each other in one read are joined in place (the later piece moved left over the
// header between them), so a read ending one frame and starting the next is handed on as one piece:
// one masking pass and one log write instead of two (a write of 22 KiB costs about twice as much
// per byte as one of 64 KiB).

/** Bytes before a frame's payload: type (1), job id (4), payload length (4). */
export const FRAME_HEADER = 9;

/**
 * Payload of the ready frame (type `R`, job id 0) a helper writes first, once it can serve. Node
 * waits for exactly these bytes: anything else first means the program on PATH is no helper.
 */
export const READY_PAYLOAD = 'ansflow-helper-ready';

/** The ready frame as it arrives on the wire. */
export function readyFrame(): Buffer {
  const payload = Buffer.from(READY_PAYLOAD, 'latin1');
  const h = Buffer.alloc(FRAME_HEADER);
  h.write('R', 0, 'latin1');
  h.writeUInt32BE(0, 1);
  h.writeUInt32BE(payload.length, 5);
  return Buffer.concat([h, payload]);
}

/** Receives a frame: for a streamed type possibly in several pieces, otherwise whole. */
export type FrameSink = (type: string, id: number, payload: Buffer) => void;

/** Incremental parser of the helper's frame stream. */
export class HelperFrameReader {
  private readonly header = Buffer.alloc(FRAME_HEADER);
  private headerFill = 0;
  private type = '';
  private id = 0;
  /** Payload bytes still to come for the current frame; -1 between frames. */
  private remaining = -1;
  /** Copies of a control payload's pieces received so far. */
  private parts: Buffer[] = [];

  /**
   * @param streamed frame types whose payload may be delivered in pieces (views valid only
   *   during the call)
   */
  constructor(
    private readonly streamed: (type: string) => boolean,
    private readonly sink: FrameSink,
  ) {}

  /** Streamed payload bytes of this read not yet handed on: d[pendStart, pendEnd), of type pendType, job pendId. */
  private pendStart = -1;
  private pendEnd = 0;
  private pendType = '';
  private pendId = 0;

  /** Feeds one read of the helper's stdout; its bytes may be overwritten (pass a read nobody else uses). */
  push(d: Buffer): void {
    let off = 0;
    this.pendStart = -1;
    while (off < d.length) {
      if (this.remaining < 0) {
        let h: Buffer;
        let at: number;
        if (this.headerFill === 0 && d.length - off >= FRAME_HEADER) {
          h = d;
          at = off;
          off += FRAME_HEADER;
        } else {
          const n = Math.min(FRAME_HEADER - this.headerFill, d.length - off);
          d.copy(this.header, this.headerFill, off, off + n);
          this.headerFill += n;
          off += n;
          if (this.headerFill < FRAME_HEADER) break;
          this.headerFill = 0;
          h = this.header;
          at = 0;
        }
        this.type = String.fromCharCode(h[at]!);
        this.id = h.readUInt32BE(at + 1);
        this.remaining = h.readUInt32BE(at + 5);
        if (this.remaining === 0) {
          this.remaining = -1;
          this.flushPending(d);
          this.sink(this.type, this.id, Buffer.alloc(0));
          continue;
        }
      }
      const n = Math.min(this.remaining, d.length - off);
      const at = off;
      off += n;
      this.remaining -= n;
      const done = this.remaining === 0;
      if (done) this.remaining = -1;
      if (this.streamed(this.type)) {
        this.addStreamed(d, at, n);
        continue;
      }
      this.flushPending(d);
      const piece = d.subarray(at, at + n);
      if (done && !this.parts.length) this.sink(this.type, this.id, piece);
      else {
        this.parts.push(Buffer.from(piece));
        if (done) {
          const whole = Buffer.concat(this.parts);
          this.parts = [];
          this.sink(this.type, this.id, whole);
        }
      }
    }
    this.flushPending(d);
  }

  /** Appends d[at, at + n) of the current streamed frame to the pending piece, or starts a new one. */
  private addStreamed(d: Buffer, at: number, n: number): void {
    if (this.pendStart >= 0 && this.pendType === this.type && this.pendId === this.id) {
      if (at !== this.pendEnd) d.copyWithin(this.pendEnd, at, at + n);
      this.pendEnd += n;
      return;
    }
    this.flushPending(d);
    this.pendStart = at;
    this.pendEnd = at + n;
    this.pendType = this.type;
    this.pendId = this.id;
  }

  /** Hands on the pending streamed piece, before anything that must come after it. */
  private flushPending(d: Buffer): void {
    if (this.pendStart < 0) return;
    const start = this.pendStart;
    this.pendStart = -1;
    this.sink(this.pendType, this.pendId, d.subarray(start, this.pendEnd));
  }
}
