// Scans files and folders: Dockerfiles by name, Kubernetes manifests by content (YAML with
// `apiVersion` and `kind`); other files are skipped. Manifests are scanned together so NetworkPolicy
// coverage is judged across them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { scanDockerfile } from './dockerfileRules.js';
import { looksLikeManifest } from './manifestObjects.js';
import { applyScanConfig } from './scanConfig.js';
import { scanManifests, type ScanInput } from './scanManifest.js';
import type { ScanConfig, ScanFinding } from './types.js';

export type FileKind = 'manifest' | 'dockerfile';

const SKIP_DIRS = new Set(['node_modules', '.git', '.ansflow', 'out', 'dist']);

export function isDockerfileName(path: string): boolean {
  const n = basename(path);
  return /^(Dockerfile|Containerfile)(\.[\w.-]+)?$/.test(n) || /\.(dockerfile|containerfile)$/i.test(n);
}

export function isYamlName(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/** Files under `paths` (files as given, folders walked), keeping those of the wanted kinds. */
export function collectFiles(paths: readonly string[], kinds: readonly FileKind[]): string[] {
  const out: string[] = [];
  const walk = (p: string, given: boolean) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      if (!given && SKIP_DIRS.has(basename(p))) return;
      for (const e of readdirSync(p).sort()) walk(join(p, e), false);
    } else if ((kinds.includes('dockerfile') && isDockerfileName(p)) || (kinds.includes('manifest') && (isYamlName(p) || given) && !isDockerfileName(p))) {
      out.push(p);
    }
  };
  for (const p of paths) walk(p, true);
  return out;
}

export interface FileScanResult {
  findings: ScanFinding[];
  /** Files that were scanned (manifests without a Kubernetes object are not counted). */
  scanned: string[];
}

/** Scans the given files (see {@link collectFiles}); `readFile` is injectable for tests and benches. */
export function scanFiles(files: readonly string[], kinds: readonly FileKind[], config?: ScanConfig, readFile: (p: string) => string = (p) => readFileSync(p, 'utf8')): FileScanResult {
  const manifests: ScanInput[] = [];
  const findings: ScanFinding[] = [];
  const scanned: string[] = [];
  for (const file of files) {
    const text = readFile(file);
    if (kinds.includes('dockerfile') && isDockerfileName(file)) {
      findings.push(...scanDockerfile(file, text));
      scanned.push(file);
    } else if (kinds.includes('manifest') && looksLikeManifest(text)) {
      manifests.push({ file, text });
      scanned.push(file);
    }
  }
  findings.push(...scanManifests(manifests));
  return { findings: applyScanConfig(findings, config), scanned };
}
