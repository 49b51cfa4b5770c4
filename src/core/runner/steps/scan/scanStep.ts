// `type: scan` — static security checks of Kubernetes manifests, a Helm chart (rendered with
// `helm template`), Dockerfiles or a local image. Each finding is logged as a `scan FILE:LINE:COL:`
// line (the Problems panel reads these), sent as a progress event, and counted in the step's outputs
// (the run record's summary); the step fails when a finding reaches `failOn` (default high).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { StepContext, StepOutcome, StepType } from '../../../contracts/StepType.js';
import { ToolError } from '../../../contracts/result.js';
import { WithParams } from '../WithParams.js';
import type { ScanConfig, ScanFinding, ScanSeverity } from '../../../scan/types.js';

const TARGETS = ['manifest', 'manifests', 'chart', 'dockerfile', 'image'] as const;
type Target = (typeof TARGETS)[number];
const THRESHOLDS = ['low', 'medium', 'high', 'critical', 'never'] as const;

function paths(w: WithParams): string[] {
  return w.list('path') ?? w.list('paths') ?? [];
}

async function loadConfig(ctx: StepContext, w: WithParams): Promise<ScanConfig> {
  const { parseScanConfig, SCAN_CONFIG_FILE } = await import('../../../scan/scanConfig.js');
  const given = w.string('config');
  const file = resolve(ctx.workspace, given ?? SCAN_CONFIG_FILE);
  let config: ScanConfig = {};
  if (given || existsSync(file)) {
    if (!existsSync(file)) throw new ToolError('invalid-input', `scan config ${given} not found`);
    const parsed = parseScanConfig(readFileSync(file, 'utf8'));
    if ('error' in parsed) throw new ToolError('invalid-input', parsed.error);
    config = parsed;
  }
  return { ...config, ignore: [...(config.ignore ?? []), ...(w.list('ignore') ?? [])] };
}

async function findingsFor(ctx: StepContext, target: Target, w: WithParams, config: ScanConfig): Promise<ScanFinding[]> {
  const abs = paths(w).map((p) => (isAbsolute(p) ? p : resolve(ctx.workspace, p)));
  for (const p of abs) if (!existsSync(p)) throw new ToolError('invalid-input', `scan: ${relative(ctx.workspace, p) || p} does not exist`);
  if (target === 'manifest' || target === 'manifests' || target === 'dockerfile') {
    const { collectFiles, scanFiles } = await import('../../../scan/scanFiles.js');
    const kinds = target === 'dockerfile' ? (['dockerfile'] as const) : (['manifest'] as const);
    const files = collectFiles(abs.length ? abs : [resolve(ctx.workspace, target === 'dockerfile' ? 'Dockerfile' : '.')], kinds);
    const r = scanFiles(files, kinds, config);
    ctx.log('system', `Scanned ${r.scanned.length} ${target === 'dockerfile' ? 'Dockerfile' : 'manifest file'}${r.scanned.length === 1 ? '' : 's'}\n`);
    return r.findings;
  }
  if (target === 'chart') {
    const chart = abs[0] ?? (w.string('chart') ? resolve(ctx.workspace, w.string('chart')!) : undefined);
    if (!chart) throw new ToolError('invalid-input', 'scan: target chart needs `path` (the chart folder)');
    const [{ helmFor, runHelm }, { helmTemplate }, { scanRenderedChart }] = await Promise.all([import('../helm/helmForStep.js'), import('../../../clients/helm/helmCommands.js'), import('../../../scan/scanChart.js')]);
    const values = (w.list('values') ?? []).map((v) => resolve(ctx.workspace, v));
    const rendered = await runHelm(ctx, helmTemplate(helmFor(ctx), { release: w.string('release') ?? 'scan', chart, valuesFiles: values }));
    return scanRenderedChart(chart, rendered, config);
  }
  const image = w.string('image');
  if (!image) throw new ToolError('invalid-input', 'scan: target image needs `image` (a local image reference)');
  const [{ dockerForStep }, { scanLocalImage, scanWithVulnScanner }, { applyScanConfig }] = await Promise.all([import('../docker/dockerStepSupport.js'), import('../../../scan/scanImage.js'), import('../../../scan/scanConfig.js')]);
  const findings = await scanLocalImage(dockerForStep(ctx), image);
  findings.push(...(await scanWithVulnScanner(image, { ...process.env, ...ctx.env }, (l) => ctx.log('system', `${l}\n`), ctx.signal)));
  return applyScanConfig(findings, config);
}

/** Scans and gates. `with`: target, path, image, failOn, ignore, report, config, values (chart). */
export const scanStepType: StepType = {
  type: 'scan',
  validate(with_) {
    const w = WithParams.check(with_);
    const target = w.enum('target', TARGETS);
    w.enum('failOn', THRESHOLDS);
    w.list('ignore');
    w.string('report');
    w.list('path');
    const problems = [...w.problems];
    if (target === 'image' && !w.has('image')) problems.push({ key: 'image', message: 'target image needs `image`' });
    if (target === 'chart' && !w.has('path') && !w.has('chart')) problems.push({ key: 'path', message: 'target chart needs `path` (the chart folder)' });
    return problems;
  },
  describe(w) {
    const p = WithParams.check(w);
    return `scan ${p.string('target') ?? ''} ${p.string('image') ?? (p.list('path') ?? []).join(' ')}`.trim();
  },
  async run(ctx): Promise<StepOutcome> {
    const w = WithParams.of(ctx);
    const target = w.enum('target', TARGETS) ?? 'manifest';
    const failOn = w.enum('failOn', THRESHOLDS) ?? 'high';
    try {
      const config = await loadConfig(ctx, w);
      const findings = await findingsFor(ctx, target, w, config);
      const [{ findingLine }, { findingsAtOrAbove, countBySeverity, summarize }] = await Promise.all([import('../../../scan/findingLines.js'), import('../../../scan/severity.js')]);
      findings.forEach((f, i) => {
        // Paths relative to the step's folder, which the problem matcher resolves against.
        const shown = f.file.startsWith('image:') ? f.file : relative(ctx.cwd, f.file) || f.file;
        ctx.log('stdout', `${findingLine(f, shown)}\n    fix: ${f.fix}\n`);
        ctx.progress(`${f.severity} ${f.rule} at ${shown}${f.file.startsWith('image:') ? '' : `:${f.line}`}`, (i + 1) / findings.length, { scan: { file: f.file, line: f.line, column: f.column, rule: f.rule, severity: f.severity } });
      });
      const report = w.string('report');
      if (report) {
        const out = resolve(ctx.workspace, report);
        mkdirSync(dirname(out), { recursive: true });
        writeFileSync(out, JSON.stringify(findings.map(({ file, line, column, rule, severity, message, fix }) => ({ file: relative(ctx.workspace, file) || file, line, column, rule, severity, message, fix })), null, 2) + '\n');
      }
      const counts = countBySeverity(findings);
      const summary = summarize(findings);
      const outputs: Record<string, string> = { findings: String(findings.length), summary, ...Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, String(v)])) };
      ctx.log('system', `Scan: ${summary}${failOn === 'never' ? '' : ` (fails at ${failOn} or above)`}\n`);
      const blocking = findingsAtOrAbove(findings, failOn as ScanSeverity | 'never');
      if (blocking.length) return { exitCode: 1, outputs, message: `${blocking.length} finding${blocking.length === 1 ? '' : 's'} at or above ${failOn}: ${[...new Set(blocking.map((f) => f.rule))].join(', ')}` };
      return { exitCode: 0, outputs };
    } catch (e) {
      if (e instanceof ToolError) return { exitCode: e.code === 'tool-not-found' ? 127 : 1, message: e.hint ? `${e.message}. ${e.hint}` : e.message };
      throw e;
    }
  },
};
