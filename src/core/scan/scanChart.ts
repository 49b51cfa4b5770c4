// Scans a Helm chart: renders it with `helm template` (the core helm client), scans the rendered
// manifests, and maps each finding back to the template named by its `# Source:` comment, at the
// template line that renders the same text (or the key), else the template's first line.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { scanManifests } from './scanManifest.js';
import type { ScanConfig, ScanFinding } from './types.js';

interface RenderedDoc {
  /** Path of the template relative to the charts folder, e.g. `web/templates/deployment.yaml`. */
  source?: string;
  text: string;
  /** 1-based line where the document starts in the rendered output. */
  firstLine: number;
}

/** Splits `helm template` output into documents with their `# Source:` template. */
export function splitRendered(output: string): RenderedDoc[] {
  const docs: RenderedDoc[] = [];
  const lines = output.split('\n');
  let cur: RenderedDoc = { text: '', firstLine: 1 };
  lines.forEach((l, i) => {
    if (/^---\s*$/.test(l)) {
      if (cur.text.trim()) docs.push(cur);
      cur = { text: '', firstLine: i + 2 };
      return;
    }
    const m = /^# Source: (.+)$/.exec(l);
    if (m && !cur.source) cur.source = m[1]!.trim();
    cur.text += `${l}\n`;
  });
  if (cur.text.trim()) docs.push(cur);
  return docs;
}

/** The 1-based template line that renders `renderedLine`: same trimmed text, else same key, else 1. */
export function templateLineFor(template: string, renderedLine: string): number {
  const want = renderedLine.trim().replace(/\s+#.*$/, '');
  const lines = template.split('\n');
  let i = lines.findIndex((l) => l.trim() === want);
  if (i >= 0) return i + 1;
  const key = /^(-\s+)?([\w.-]+):/.exec(want)?.[2];
  if (key) {
    i = lines.findIndex((l) => new RegExp(`^\\s*(-\\s+)?${key.replace(/[.-]/g, '\\$&')}:`).test(l));
    if (i >= 0) return i + 1;
  }
  return 1;
}

/**
 * Scans rendered chart output. `chartDir` is the chart folder; a `# Source: <chart>/templates/x.yaml`
 * maps to `<chartDir>/templates/x.yaml` (subcharts under `charts/`).
 */
export function scanRenderedChart(chartDir: string, rendered: string, config?: ScanConfig, readFile: (p: string) => string | undefined = (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined)): ScanFinding[] {
  const docs = splitRendered(rendered);
  const inputs = docs.map((d, i) => ({ file: `rendered#${i}`, text: d.text }));
  const findings = scanManifests(inputs, config);
  return findings.map((f) => {
    const doc = docs[Number(f.file.slice('rendered#'.length))]!;
    const rel = doc.source?.split('/').slice(1).join('/');
    const templatePath = rel ? join(chartDir, rel.replace(/^charts\/([^/]+)\/(?=charts\/)/, 'charts/$1/')) : undefined;
    const template = templatePath ? readFile(templatePath) : undefined;
    if (!templatePath || template === undefined) return { ...f, file: join(dirname(chartDir), doc.source ?? 'rendered.yaml'), quickFix: undefined };
    const renderedLine = doc.text.split('\n')[f.line - 1] ?? '';
    const line = templateLineFor(template, renderedLine);
    const tl = template.split('\n')[line - 1] ?? '';
    const column = tl.length - tl.trimStart().length + 1;
    // Offsets in the rendered text mean nothing in the template: no quick fix there.
    const { quickFix: _dropped, objectLine: _o, ...rest } = f;
    return { ...rest, file: templatePath, line, column, endLine: line, endColumn: tl.length + 1 };
  });
}
