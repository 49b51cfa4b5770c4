// One reading of Docker containers' CPU, memory, network and block IO from the Engine's stats
// stream. The first document of a stream has no previous CPU reading (CPU 0 %), so each container's
// second document is used, as `docker stats --no-stream` does.
import type { ContainerStatsSample, DockerClient } from '../../clients/docker/index.js';

/** A container's reading, or why there is none (it stopped, it is gone). */
export type ContainerMetrics = { id: string; sample: ContainerStatsSample } | { id: string; error: string };

/** Reads each running container once (in parallel); `timeoutMs` bounds the wait per container. */
export async function sampleContainerMetrics(client: Pick<DockerClient, 'stats'>, ids: readonly string[], opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<ContainerMetrics[]> {
  return Promise.all(
    ids.map(async (id): Promise<ContainerMetrics> => {
      const abort = new AbortController();
      const onAbort = () => abort.abort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(() => abort.abort(), opts.timeoutMs ?? 10_000);
      let last: ContainerStatsSample | undefined;
      let seen = 0;
      try {
        for await (const s of client.stats(id, abort.signal)) {
          last = s;
          if (++seen >= 2) break;
        }
        return last ? { id, sample: last } : { id, error: 'the container is not running' };
      } catch (e) {
        return last ? { id, sample: last } : { id, error: (e as Error).message };
      } finally {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        abort.abort();
      }
    }),
  );
}
