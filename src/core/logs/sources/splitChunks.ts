// Docker hands logs over as chunks per stream (stdout, stderr), not lines; a line may span chunks.
import type { OutputChunk } from '../../clients/docker/dockerStreams.js';

/** Whole lines of each stream in arrival order; a stream's unfinished last line comes at the end. */
export async function* linesOfChunks(chunks: AsyncIterable<OutputChunk>): AsyncGenerator<string> {
  const rest: Record<OutputChunk['stream'], string> = { stdout: '', stderr: '' };
  for await (const c of chunks) {
    let buf = rest[c.stream] + c.text;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      yield buf.slice(0, nl);
      buf = buf.slice(nl + 1);
    }
    rest[c.stream] = buf;
  }
  if (rest.stdout) yield rest.stdout;
  if (rest.stderr) yield rest.stderr;
}
