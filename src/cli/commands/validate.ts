// `ansflow validate <files…> [--format text|json]`: compiler-style diagnostics, exit 1 on any error.
import { readdirSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import type { CliIO } from '../CliCommand.js';
import { defineCommand, usageError } from '../command/index.js';
import { isPipelineFile, LineIndex, parsePipeline } from '../../core/pipeline/index.js';
import type { Diagnostic } from '../../core/contracts/diagnostics.js';
import { parseCliPipeline, readCliPipelineText } from '../support/loadPipelineFile.js';

/** One diagnostic with 1-based positions, as printed by `--format json`. */
export interface CliDiagnostic {
  severity: Diagnostic['severity'];
  code: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** One file's result in `--format json`. */
export interface CliFileResult {
  file: string;
  diagnostics: CliDiagnostic[];
}

/** Parses the text of `file` and converts its diagnostics to 1-based positions. */
export function validateFileText(file: string, text: string, absPath?: string): CliFileResult {
  return toCliResult(file, text, parsePipeline(text, { file: absPath ?? resolve(file) }).diagnostics);
}

/** Converts offset-based diagnostics of `text` to 1-based line/column ones. */
export function toCliResult(file: string, text: string, diagnostics: Diagnostic[]): CliFileResult {
  const index = new LineIndex(text);
  return {
    file,
    diagnostics: diagnostics.map((d) => {
      const s = index.position(d.range.start);
      const e = index.position(d.range.end);
      return { severity: d.severity, code: d.code, message: d.message, line: s.line + 1, column: s.column + 1, endLine: e.line + 1, endColumn: e.column + 1 };
    }),
  };
}

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out']);

/** Pipeline files under a folder, by the core's patterns (the editor's and the manifest's). */
export function findPipelineFiles(dir: string, depth = 0): string[] {
  const out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const name of entries) {
    const p = join(dir, name);
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      continue;
    }
    if (isDir) {
      // The run store (.ansflow/runs) holds no pipelines and may be large: not entered.
      if (depth < 12 && !SKIP_DIRS.has(name) && !(name === 'runs' && basename(dir) === '.ansflow')) out.push(...findPipelineFiles(p, depth + 1));
    } else if (isPipelineFile(p)) {
      out.push(p);
    }
  }
  return out;
}

/** Expands folder arguments into the pipeline files they hold (paths stay relative to `cwd`). */
function expandArgs(args: string[], cwd: string): string[] {
  const out: string[] = [];
  for (const a of args) {
    const abs = resolve(cwd, a);
    let isDir = false;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      isDir = false;
    }
    if (isDir) out.push(...findPipelineFiles(abs).map((f) => relative(cwd, f) || f));
    else out.push(a);
  }
  return out;
}

function write(io: CliIO, results: CliFileResult[], format: 'text' | 'json'): void {
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    return;
  }
  for (const r of results) for (const d of r.diagnostics) io.stdout.write(`${r.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}\n`);
  const count = (s: string) => results.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === s).length, 0);
  const errors = count('error');
  const warnings = count('warning');
  io.stderr.write(`${results.length} file${results.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
}

/** The `validate` subcommand. */
export const validateCommand = defineCommand({
  name: 'validate',
  summary: 'Check pipeline files (schema, references, needs, cycles, expressions)',
  args: [{ name: 'paths', help: 'pipeline files or folders to search (default: the current folder)', optional: true, variadic: true }],
  format: { choices: ['text', 'json'], help: 'text: file:line:col lines; json: one object per file with 1-based positions' },
  examples: [
    { command: 'ansflow validate', about: 'every pipeline file under the current folder' },
    { command: 'ansflow validate deploy.ansflow.yaml --format json', about: 'diagnostics as JSON, for scripts and CI annotations' },
  ],
  exitCodes: { 0: 'no errors (warnings allowed)', 1: 'a file has errors, or is missing or unreadable', 2: 'usage error, or no pipeline files under the given folders' },
  async run({ args, format }, io) {
    const paths = args.paths.length ? args.paths : ['.'];
    const files = expandArgs(paths, io.cwd);
    if (!files.length) return usageError(`no pipeline files (*.ansflow.yaml, .ansflow/**/*.yaml) under ${paths.join(', ')}`, 'name pipeline files, or a folder holding some');
    const results: CliFileResult[] = [];
    for (const file of files) {
      const abs = resolve(io.cwd, file);
      // Folders, devices and oversized files are refused before reading (see readPipelineFile).
      const read = readCliPipelineText(file, io);
      if ('error' in read) {
        results.push({ file, diagnostics: [{ severity: 'error', code: read.code === 'too-large' ? 'too-large' : 'file-not-found', message: read.error, line: 1, column: 1, endLine: 1, endColumn: 1 }] });
        continue;
      }
      results.push(toCliResult(file, read.text, parseCliPipeline(abs, read, io).diagnostics));
    }
    write(io, results, format);
    return results.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
  },
});
