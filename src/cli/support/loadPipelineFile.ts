// Reads and parses a pipeline file for the CLI, and formats diagnostics as `file:line:col`.
import { relative, resolve } from 'node:path';
import { LineIndex, maxPipelineBytes, parsePipeline, readPipelineFile } from '../../core/pipeline/index.js';
import type { ParsedPipeline } from '../../core/pipeline/model.js';
import type { Diagnostic } from '../../core/contracts/diagnostics.js';
import { RunStore } from '../../core/runner/index.js';
import type { CliIO } from '../CliCommand.js';

/** `file:line:col: severity [code]: message` for each diagnostic. */
export function formatDiagnostics(file: string, text: string, diagnostics: Diagnostic[], cwd: string): string {
  const name = relative(cwd, file) || file;
  // One line index for all diagnostics: scanning from the start per diagnostic is quadratic on a
  // large file full of errors.
  const index = new LineIndex(text);
  return diagnostics
    .map((d) => {
      const p = index.position(d.range.start);
      return `${name}:${p.line + 1}:${p.column + 1}: ${d.severity} [${d.code}]: ${d.message}\n`;
    })
    .join('');
}

/** Reads `path` (relative to `io.cwd`) with the size limit of $ANSFLOW_MAX_FILE_SIZE; see readPipelineFile. */
export function readCliPipelineText(path: string, io: CliIO): ReturnType<typeof readPipelineFile> {
  return readPipelineFile(resolve(io.cwd, path), { maxBytes: maxPipelineBytes(io.env) });
}

/** Parses a pipeline text read from `file`, reading its includes with the same limits. */
export function parseCliPipeline(file: string, read: { text: string; diagnostics: Diagnostic[] }, io: CliIO): ParsedPipeline {
  const parsed = parsePipeline(read.text, {
    file,
    readFile: (abs) => {
      const inc = readPipelineFile(abs, { maxBytes: maxPipelineBytes(io.env) });
      return 'text' in inc ? inc.text : undefined;
    },
  });
  if (read.diagnostics.length) parsed.diagnostics = [...read.diagnostics, ...parsed.diagnostics].sort((a, b) => a.range.start - b.range.start);
  return parsed;
}

/** The parsed pipeline, or a one-line reason it could not be read (missing, a folder, too large…). */
export function loadPipelineFile(path: string, io: CliIO): { file: string; parsed: ParsedPipeline } | { error: string } {
  const file = resolve(io.cwd, path);
  const read = readCliPipelineText(path, io);
  if ('error' in read) return { error: read.code === 'not-found' ? `pipeline file '${path}' was not found` : `'${path}' ${read.error}` };
  return { file, parsed: parseCliPipeline(file, read, io) };
}

/** The run store the CLI uses: `--store`, else $ANSFLOW_STORE, else `<cwd>/.ansflow/runs`. */
export function cliStore(io: CliIO, storeFlag?: string, maxRuns?: number): RunStore {
  const root = storeFlag ? resolve(io.cwd, storeFlag) : io.env.ANSFLOW_STORE ? resolve(io.cwd, io.env.ANSFLOW_STORE) : resolve(io.cwd, '.ansflow', 'runs');
  return new RunStore({ root, maxRuns: maxRuns ?? (Number(io.env.ANSFLOW_MAX_RUNS) || 100) });
}
