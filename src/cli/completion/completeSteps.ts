// `ansflow __complete-steps <file> [--jobs]`: the step ids of a pipeline (then its job names with
// `--jobs`, for `--target`), one a line, for shell completion.
// Runs on every Tab press, so it reads a bounded file, prints a bounded list and never complains.
import { resolve } from 'node:path';
import type { CliIO } from '../CliCommand.js';
import { WITH_JOBS_FLAG } from './completionModel.js';
import { parsePipeline, readPipelineFile } from '../../core/pipeline/index.js';

const MAX_BYTES = 1024 * 1024;
const MAX_IDS = 500;
// Ids the shells can take as words without quoting; anything else is left out rather than mangled.
const PLAIN_ID = /^[A-Za-z0-9_.:-]{1,200}$/;

function stepIdsForCompletion(file: string | undefined, cwd: string, jobs: boolean): string[] {
  if (!file) return [];
  try {
    const path = resolve(cwd, file);
    const read = readPipelineFile(path, { maxBytes: MAX_BYTES });
    if ('error' in read) return [];
    const { pipeline } = parsePipeline(read.text, { file: path });
    const ids = [...pipeline.steps.map((s) => s.id), ...(jobs ? (pipeline.jobs ?? []).map((j) => j.name) : [])];
    return [...new Set(ids)].filter((id) => PLAIN_ID.test(id)).slice(0, MAX_IDS);
  } catch {
    return [];
  }
}

/** Always exits 0: a completion helper that fails would print noise into the user's prompt. */
export function completeSteps(argv: string[], io: CliIO): number {
  const ids = stepIdsForCompletion(argv[0], io.cwd, argv.slice(1).includes(WITH_JOBS_FLAG));
  if (ids.length) io.stdout.write(`${ids.join('\n')}\n`);
  return 0;
}
