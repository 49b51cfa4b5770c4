// Reads and parses a pipeline file for the CLI, and formats diagnostics as `file:line:col`.
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parsePipeline } from '../../core/pipeline/index.js';
import type { ParsedPipeline } from '../../core/pipeline/model.js';
import type { Diagnostic } from '../../core/contracts/diagnostics.js';
import { RunStore } from '../../core/runner/index.js';
import type { CliIO } from '../CliCommand.js';

/** 1-based line and column of an offset. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, col: offset - last };
}

/** `file:line:col: severity [code]: message` for each diagnostic. */
export function formatDiagnostics(file: string, text: string, diagnostics: Diagnostic[], cwd: string): string {
  const name = relative(cwd, file) || file;
  return diagnostics
    .map((d) => {
      const { line, col } = lineCol(text, d.range.start);
      return `${name}:${line}:${col}: ${d.severity} [${d.code}]: ${d.message}\n`;
    })
    .join('');
}

/** The parsed pipeline, or an error message (missing file). */
export function loadPipelineFile(path: string, io: CliIO): { file: string; parsed: ParsedPipeline } | { error: string } {
  const file = resolve(io.cwd, path);
  if (!existsSync(file)) return { error: `pipeline file '${path}' was not found` };
  const text = readFileSync(file, 'utf8');
  const parsed = parsePipeline(text, {
    file,
    readFile: (abs) => {
      try {
        return readFileSync(abs, 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  return { file, parsed };
}

/** The run store the CLI uses: `--store`, else $ANSFLOW_STORE, else `<cwd>/.ansflow/runs`. */
export function cliStore(io: CliIO, storeFlag?: string, maxRuns?: number): RunStore {
  const root = storeFlag ? resolve(io.cwd, storeFlag) : io.env.ANSFLOW_STORE ? resolve(io.cwd, io.env.ANSFLOW_STORE) : resolve(io.cwd, '.ansflow', 'runs');
  return new RunStore({ root, maxRuns: maxRuns ?? (Number(io.env.ANSFLOW_MAX_RUNS) || 100) });
}
