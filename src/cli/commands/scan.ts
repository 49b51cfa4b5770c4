// `ansflow scan <files|folders|image:NAME>… [--format text|json|sarif] [--severity-threshold …]`:
// the security checks of the `scan` step from the command line; exit 1 when a finding reaches the threshold.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { CliIO } from '../CliCommand.js';
import { defineCommand, EXIT, failure, usageError } from '../command/index.js';
import { VERSION } from '../../core/version.js';
import { ToolError } from '../../core/contracts/result.js';
import type { ScanConfig, ScanFinding, ScanSeverity } from '../../core/scan/types.js';
import { findingLine } from '../../core/scan/findingLines.js';
import { toSarif } from '../../core/scan/sarif.js';

const THRESHOLDS = ['low', 'medium', 'high', 'critical', 'never'] as const;

function shown(io: CliIO, file: string): string {
  return file.startsWith('image:') ? file : relative(io.cwd, file).split(sep).join('/') || file;
}

async function loadConfig(io: CliIO, path: string | undefined, ignore: string[]): Promise<ScanConfig | { error: string }> {
  const { parseScanConfig, SCAN_CONFIG_FILE } = await import('../../core/scan/scanConfig.js');
  const file = resolve(io.cwd, path ?? SCAN_CONFIG_FILE);
  if (!existsSync(file)) return path ? { error: `scan config ${path} not found` } : { ignore };
  const parsed = parseScanConfig(readFileSync(file, 'utf8'));
  return 'error' in parsed ? parsed : { ...parsed, ignore: [...(parsed.ignore ?? []), ...ignore] };
}

/** The `scan` subcommand. */
export const scanCommand = defineCommand({
  name: 'scan',
  summary: 'Security checks of Kubernetes manifests, Dockerfiles and local images',
  description:
    'Folders are searched for Dockerfiles (by name) and Kubernetes manifests (YAML with apiVersion and kind). ' +
    'image:NAME inspects a local image through the Docker engine. Rule severities come from .ansflow-scan.yaml in the current folder (or --config).',
  args: [{ name: 'targets', help: 'files, folders, or image:NAME (default: the current folder)', optional: true, variadic: true }],
  options: {
    'severity-threshold': { type: 'string', value: 'level', default: 'high', help: 'exit 1 when a finding is at or above: low, medium, high, critical, never' },
    ignore: { type: 'list', value: 'rule', help: 'skip a rule (repeatable)' },
    config: { type: 'string', value: 'file', help: 'rule severities file (default: .ansflow-scan.yaml if present)' },
  },
  format: { choices: ['text', 'json', 'sarif'], help: 'text: file:line:col lines; json: [{file,line,column,rule,severity,message}]; sarif: SARIF 2.1.0' },
  examples: [
    { command: 'ansflow scan k8s/ Dockerfile', about: 'manifests and a Dockerfile' },
    { command: 'ansflow scan . --format sarif > scan.sarif', about: 'for code-scanning tools' },
    { command: 'ansflow scan image:web:1.4 --severity-threshold critical', about: 'a local image; fail only on critical findings' },
  ],
  exitCodes: { 0: 'no finding at or above the threshold', 1: 'a finding at or above the threshold', 2: 'usage error, a target that does not exist, a bad config file, or an image that could not be inspected' },
  async run({ args, options, format }, io) {
    const threshold = options['severity-threshold'];
    if (!(THRESHOLDS as readonly string[]).includes(threshold)) return usageError(`--severity-threshold expects one of ${THRESHOLDS.join(', ')}, got '${threshold}'`);
    const config = await loadConfig(io, options.config, options.ignore);
    if ('error' in config) return usageError(config.error, '');
    const targets = args.targets.length ? args.targets : ['.'];
    const images = targets.filter((t) => t.startsWith('image:')).map((t) => t.slice('image:'.length));
    const paths = targets.filter((t) => !t.startsWith('image:')).map((t) => resolve(io.cwd, t));
    for (const p of paths) if (!existsSync(p)) return usageError(`${relative(io.cwd, p) || p} does not exist`, '');
    const { collectFiles, scanFiles } = await import('../../core/scan/scanFiles.js');
    const files = collectFiles(paths, ['manifest', 'dockerfile']);
    const { findings, scanned } = scanFiles(files, ['manifest', 'dockerfile'], config);
    if (paths.length && !scanned.length && !images.length && paths.every((p) => statSync(p).isDirectory()))
      return usageError(`no Kubernetes manifests or Dockerfiles under ${targets.join(', ')}`, '');
    if (images.length) {
      const [{ DockerClient }, { scanLocalImage, scanWithVulnScanner }, { applyScanConfig }] = await Promise.all([import('../../core/clients/docker/DockerClient.js'), import('../../core/scan/scanImage.js'), import('../../core/scan/scanConfig.js')]);
      const docker = DockerClient.connect({ env: io.env });
      for (const image of images) {
        try {
          const found = await scanLocalImage(docker, image);
          found.push(...(await scanWithVulnScanner(image, io.env, (l) => io.stderr.write(`${l}\n`))));
          findings.push(...applyScanConfig(found, config));
        } catch (e) {
          if (e instanceof ToolError) return failure(EXIT.usage, `image ${image}: ${e.message}`, e.hint);
          throw e;
        }
      }
    }
    const { findingsAtOrAbove, summarize } = await import('../../core/scan/severity.js');
    write(io, findings, format);
    if (format === 'text') io.stderr.write(`${scanned.length + images.length} target${scanned.length + images.length === 1 ? '' : 's'} scanned: ${summarize(findings)}\n`);
    return findingsAtOrAbove(findings, threshold as ScanSeverity | 'never').length ? 1 : 0;
  },
});

function write(io: CliIO, findings: ScanFinding[], format: 'text' | 'json' | 'sarif'): void {
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(findings.map((f) => ({ file: shown(io, f.file), line: f.line, column: f.column, rule: f.rule, severity: f.severity, message: f.message })), null, 2)}\n`);
  } else if (format === 'sarif') {
    io.stdout.write(`${JSON.stringify(toSarif(findings, VERSION, (f) => shown(io, f)), null, 2)}\n`);
  } else {
    for (const f of findings) io.stdout.write(`${findingLine(f, shown(io, f.file))}\n    fix: ${f.fix}\n`);
  }
}
