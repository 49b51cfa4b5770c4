// Scans a local image through the Docker engine (inspect + history), then with trivy or grype when
// one is on PATH.
import type { DockerClient } from '../clients/docker/DockerClient.js';
import { checkImage } from './imageRules.js';
import type { ScanFinding } from './types.js';

export async function scanLocalImage(docker: DockerClient, ref: string, now = Date.now()): Promise<ScanFinding[]> {
  const [info, history] = await Promise.all([docker.inspectImage(ref), docker.imageHistory(ref)]);
  const config = (info.Config ?? {}) as { User?: string; Env?: string[]; Labels?: Record<string, string>; ExposedPorts?: Record<string, unknown> };
  return checkImage(ref, { config, created: info.Created, history }, now);
}
