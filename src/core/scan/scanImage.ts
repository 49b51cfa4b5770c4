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

/**
 * Vulnerability findings from trivy (else grype) when one is on `pathEnv`; `note` hears what ran, or
 * that neither is installed (the image checks above still count).
 */
export async function scanWithVulnScanner(ref: string, env: Record<string, string | undefined>, note: (line: string) => void, signal?: AbortSignal): Promise<ScanFinding[]> {
  const [{ which }, { vulnScanCommand, VULN_SCANNER_HINT }, { runToolCommand }] = await Promise.all([import('../runner/steps/local/interpreter.js'), import('./vulnScanners.js'), import('../process/index.js')]);
  const found = (['trivy', 'grype'] as const).map((t) => ({ t, path: which(t, env.PATH ?? '') })).find((x) => x.path);
  if (!found) {
    note(`Vulnerability scan skipped: neither trivy nor grype is on PATH. ${VULN_SCANNER_HINT}.`);
    return [];
  }
  const cmd = vulnScanCommand(found.t, found.path!, ref);
  note(`$ ${found.t} ${cmd.args.join(' ')}`);
  return runToolCommand({ ...cmd, env: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)) }, { signal });
}
