// A Docker container as a merged-log source: `logs?follow=1&timestamps=1`, demultiplexed by the
// client, reopened from the last line's second when the stream drops while the container runs.
import type { DockerClient } from '../../clients/docker/DockerClient.js';
import type { LogSource } from '../logSource.js';
import { reconnectingLines } from '../reconnectingLines.js';
import { linesOfChunks } from './splitChunks.js';

/** Options of {@link dockerContainerSource}. */
export interface DockerSourceOptions {
  /** Lines of history to start with. Default 200. */
  tail?: number;
  backoffMs?: number;
}

/** Follows one container; the source id is `docker:<id>` and the label its name. */
export function dockerContainerSource(docker: DockerClient, id: string, name: string, options: DockerSourceOptions = {}): LogSource {
  return {
    id: `docker:${id}`,
    label: name.replace(/^\//, ''),
    lines: (ctx) =>
      reconnectingLines(
        {
          open: (since, signal) => linesOfChunks(docker.logs(id, since === undefined ? { follow: true, timestamps: true, tail: options.tail ?? 200, signal } : { follow: true, timestamps: true, since: Math.floor(since / 1000), signal })),
          stillRunning: async () => !!(await docker.inspectContainer(id)).State?.Running,
          backoffMs: options.backoffMs,
        },
        ctx,
      ),
  };
}
