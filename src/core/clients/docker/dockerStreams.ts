// Stream helpers for the Engine API: the multiplexed stdout/stderr framing of non-TTY attach/logs/exec
// (8-byte header: stream type, 3 zero bytes, big-endian uint32 length), and JSON-lines bodies
// (build, pull, push, events, stats). Source of truth: Docker Engine API "Attach to a container".

/** One chunk of container output, tagged with its stream. */
export interface OutputChunk {
  stream: 'stdout' | 'stderr';
  text: string;
}

/** Splits a multiplexed stream into stdout/stderr chunks (a partial frame waits for the rest). */
export async function* demuxDockerStream(source: AsyncIterable<Buffer | string>): AsyncGenerator<OutputChunk> {
  let buf = Buffer.alloc(0);
  const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  for await (const piece of source) {
    buf = Buffer.concat([buf, typeof piece === 'string' ? Buffer.from(piece) : piece]);
    while (buf.length >= 8) {
      const len = buf.readUInt32BE(4);
      if (buf.length < 8 + len) break;
      const stream = buf[0] === 2 ? 'stderr' : 'stdout';
      const text = decoders[stream].decode(buf.subarray(8, 8 + len), { stream: true });
      buf = buf.subarray(8 + len);
      if (text) yield { stream, text };
    }
  }
}

/** Demultiplexes a whole buffer (non-follow logs). */
export function demuxDockerBuffer(buf: Buffer): OutputChunk[] {
  const out: OutputChunk[] = [];
  let i = 0;
  while (i + 8 <= buf.length) {
    const len = buf.readUInt32BE(i + 4);
    out.push({ stream: buf[i] === 2 ? 'stderr' : 'stdout', text: buf.subarray(i + 8, i + 8 + len).toString('utf8') });
    i += 8 + len;
  }
  return out;
}

/** Parses a JSON-lines body; a bad line is skipped unless `strict`. */
export async function* readJsonLines<T>(source: AsyncIterable<Buffer | string>, strict = false): AsyncGenerator<T> {
  let buf = '';
  const dec = new TextDecoder();
  const parse = (line: string): T | undefined => {
    if (!line.trim()) return undefined;
    try {
      return JSON.parse(line) as T;
    } catch (e) {
      if (strict) throw new Error(`bad JSON line from the Docker engine: ${line.slice(0, 200)}`, { cause: e });
      return undefined;
    }
  };
  for await (const piece of source) {
    buf += typeof piece === 'string' ? piece : dec.decode(piece, { stream: true });
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const v = parse(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
      if (v !== undefined) yield v;
    }
  }
  const last = parse(buf);
  if (last !== undefined) yield last;
}

/** A progress message of build / pull / push bodies. */
export interface DockerProgressMessage {
  stream?: string;
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { code?: number; message?: string };
  aux?: { ID?: string; Tag?: string; Digest?: string; Size?: number };
}

/** Destroys a Node stream when the consumer stops early (STYLE: end what you started in finally). */
export async function* closingOnExit<T>(stream: NodeJS.ReadableStream, inner: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* inner;
  } finally {
    (stream as unknown as { destroy?: () => void }).destroy?.();
  }
}
