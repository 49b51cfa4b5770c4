// The editor's scan state without vscode: the files scanned so far (open documents and workspace
// files), each manifest's documents cached, and the workspace index of namespaces with a
// NetworkPolicy, so `no-network-policy` is judged over the workspace like `ansflow scan` judges it
// over the files it is given.
import { scanDocument, isScannable } from './documentScan.js';
import { isDockerfileName } from './scanFiles.js';
import { judgeManifestFile, ManifestCache, scanManifestFile, type ManifestFileScan } from './scanManifest.js';
import { NetworkPolicyIndex } from './networkPolicyIndex.js';
import type { ScanConfig, ScanFinding } from './types.js';

export { diagnosticSeverity, suppressionEdit } from './documentScan.js';
export { ALWAYS_EXCLUDED, excludedBy, languageOf, MAX_FILES, WORKSPACE_GLOB, worthScanning } from './workspaceFiles.js';

type Entry = { kind: 'manifest'; scan: ManifestFileScan } | { kind: 'dockerfile'; findings: ScanFinding[] };

export interface UpdateResult {
  /** False when the file is not scanned (not a manifest or Dockerfile): it has no findings. */
  scanned: boolean;
  /** True when the covered namespaces changed: every manifest's findings need publishing again. */
  coverageChanged: boolean;
}

export class WorkspaceScanner {
  readonly policies = new NetworkPolicyIndex();
  readonly cache = new ManifestCache();
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly config?: ScanConfig) {}

  /** Scans a file's current text under `key` (a URI for the editor). */
  update(key: string, fileName: string, languageId: string, text: string): UpdateResult {
    if (!isScannable(fileName, languageId, text)) return { scanned: false, coverageChanged: this.remove(key) };
    if (languageId === 'dockerfile' || isDockerfileName(fileName)) {
      this.entries.set(key, { kind: 'dockerfile', findings: scanDocument(fileName, languageId, text, this.config) ?? [] });
      return { scanned: true, coverageChanged: this.policies.delete(key) };
    }
    const scan = scanManifestFile(fileName, text, this.cache, key);
    this.entries.set(key, { kind: 'manifest', scan });
    return { scanned: true, coverageChanged: this.policies.set(key, scan.policies) };
  }

  /** Forgets a file; true when the covered namespaces changed. */
  remove(key: string): boolean {
    this.entries.delete(key);
    this.cache.delete(key);
    return this.policies.delete(key);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  /** The key itself and the keys below it (a deleted folder is reported alone, without its files). */
  keysUnder(key: string): string[] {
    const folder = key.endsWith('/') ? key : `${key}/`;
    return this.keys().filter((k) => k === key || k.startsWith(folder));
  }

  /** Manifest keys (the ones a coverage change affects). */
  manifestKeys(): string[] {
    return [...this.entries].filter(([, e]) => e.kind === 'manifest').map(([k]) => k);
  }

  findings(key: string): ScanFinding[] | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    return e.kind === 'dockerfile' ? e.findings : judgeManifestFile(e.scan, this.policies, this.config);
  }
}
