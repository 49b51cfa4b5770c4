// `ansflow import <file> [-o out] [--from github|gitlab|taskfile]`: a CI definition as a pipeline.
// The pipeline goes to stdout (or -o); what could not be translated goes to stderr, by line.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineCommand, EXIT, failure, usageError } from '../command/index.js';
import { detectFormat, emitDraft, importCi, isSourceFormat, type ImportWarning } from '../../core/import/index.js';
import { lineOf } from '../../core/import/locate.js';

const MAX_SOURCE_BYTES = 10 * 1024 * 1024;

const FORMAT_NAMES = { github: 'GitHub Actions', gitlab: 'GitLab CI', taskfile: 'Taskfile' } as const;

/** The source text, or the one line saying why it cannot be read. */
function readSource(path: string, shown: string): { text: string } | { error: string } {
  try {
    const st = statSync(path);
    if (!st.isFile()) return { error: `${shown} is not a regular file` };
    if (st.size > MAX_SOURCE_BYTES) return { error: `${shown} is larger than 10 MB` };
    return { text: readFileSync(path, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? `${shown} not found` : `cannot read ${shown}: ${(e as Error).message}` };
  }
}

export const importCommand = defineCommand({
  name: 'import',
  summary: 'Convert a GitHub Actions workflow, .gitlab-ci.yml or Taskfile into a pipeline',
  description: 'The format is detected from the path and the keys; --from forces it. Steps that cannot be translated become placeholder steps (each a warning in `ansflow validate` and the editor). Write the result at the repository root, where CI runs the steps.',
  args: [{ name: 'file', help: 'the CI definition to convert' }],
  options: {
    out: { type: 'string', short: 'o', value: 'file', help: 'write the pipeline to this file instead of stdout' },
    from: { type: 'string', value: 'format', help: 'the source format: github, gitlab or taskfile (default: detected)' },
    force: { type: 'boolean', help: 'overwrite the -o file if it exists' },
  },
  format: { choices: ['text', 'json'], help: 'text: the pipeline, warnings on stderr; json: pipeline text and warnings with lines in one object' },
  examples: [
    { command: 'ansflow import .github/workflows/ci.yml -o ci.ansflow.yaml', about: 'convert a workflow and write the pipeline' },
    { command: 'ansflow import .gitlab-ci.yml --format json', about: 'the pipeline and its warnings as JSON' },
  ],
  exitCodes: { 0: 'converted (warnings allowed)', 1: 'the source could not be read or parsed, or the output could not be written', 2: 'usage error, an unknown --from, or the output file exists (without --force)' },
  async run({ args, options, format }, io) {
    if (options.from !== undefined && !isSourceFormat(options.from)) return usageError(`unknown --from '${options.from.slice(0, 40)}'`, 'use github, gitlab or taskfile');
    const from = options.from !== undefined && isSourceFormat(options.from) ? options.from : undefined;
    const outPath = options.out !== undefined ? resolve(io.cwd, options.out) : undefined;
    if (outPath && !options.force && existsSync(outPath)) return usageError(`${options.out} already exists; not overwriting it`, 'pass --force to overwrite it');
    const source = readSource(resolve(io.cwd, args.file), args.file);
    if ('error' in source) return failure(EXIT.failed, source.error);
    const result = importCi(args.file, source.text, from ? { from } : {});
    // A --from that contradicts what the file plainly is converts keys it does not have: say so.
    const detected = from ? detectFormat(args.file, source.text) : undefined;
    const mismatch = detected && detected !== from ? `${args.file} looks like ${FORMAT_NAMES[detected]}; --from ${from} reads it as ${FORMAT_NAMES[from!]}` : undefined;
    if (!result.ok) return failure(EXIT.failed, result.errors.map((e) => `${args.file}${e.line ? `:${e.line}` : ''}: ${e.message}`));
    const { text } = emitDraft(result.draft);
    const shown = options.out ?? '<stdout>';
    const located = result.draft.warnings.map((w: ImportWarning) => ({ kind: w.kind, message: w.message, line: lineOf(text, w.path), path: w.path }));
    if (outPath) {
      try {
        writeFileSync(outPath, text, { flag: options.force ? 'w' : 'wx' });
      } catch (e) {
        return failure(EXIT.failed, `cannot write ${options.out}: ${(e as Error).message}`);
      }
    }
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify({ source: args.file, format: result.draft.format, ...(mismatch ? { detectedFormat: detected } : {}), ...(options.out ? { output: options.out } : { pipeline: text }), warnings: located }, null, 2)}\n`);
      return 0;
    }
    if (!outPath) io.stdout.write(text);
    if (mismatch) io.stderr.write(`warning: ${mismatch}\n`);
    for (const w of located) io.stderr.write(`${shown}:${w.line}: warning ${w.kind}: ${w.message}\n`);
    const standIns = located.filter((w) => w.kind === 'stand-in').length;
    io.stderr.write(`imported ${args.file} (${FORMAT_NAMES[result.draft.format]})${outPath ? ` into ${options.out}` : ''}: ${located.length} warning${located.length === 1 ? '' : 's'}, ${standIns} placeholder step${standIns === 1 ? '' : 's'} to replace\n`);
    return 0;
  },
});
