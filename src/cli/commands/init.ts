// `ansflow init [--template <name>] [--force]`: a starter pipeline in the current folder, from the
// same gallery as VS Code's "New pipeline from template".
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineCommand, EXIT, failure, usageError } from '../command/index.js';
import { PIPELINE_FILE_EXTENSIONS } from '../../core/pipeline/pipelineFiles.js';
import { buildGallery, EMPTY_PIPELINE_ENTRY, type GalleryEntry } from '../../language/templateGallery.js';

const EMPTY = 'empty';

// The examples ship beside dist/ in a checkout or npm package (not in the VSIX): dist/cli.js looks
// one level up, src/cli/commands/init.ts (under tsx) three. Without them only the empty pipeline is offered.
function examplesDir(): string | undefined {
  return [join(__dirname, '..', 'examples'), join(__dirname, '..', '..', '..', 'examples')].find((d) => existsSync(join(d, '..', 'package.json')) && existsSync(d));
}

/** `web-app.ansflow.yaml` → `web-app`; undefined for a file that is not a pipeline by name. */
function templateName(file: string): string | undefined {
  const ext = PIPELINE_FILE_EXTENSIONS.find((e) => file.endsWith(e));
  return ext && file.length > ext.length ? file.slice(0, -ext.length) : undefined;
}

/** Template name (the file name without `.ansflow.yaml`, or `empty`) → entry. */
export function initTemplates(dir: string | undefined): Map<string, GalleryEntry> {
  const templates = new Map<string, GalleryEntry>([[EMPTY, EMPTY_PIPELINE_ENTRY]]);
  if (!dir) return templates;
  try {
    const files = readdirSync(dir).filter((f) => templateName(f) !== undefined);
    for (const e of buildGallery(files.map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8') })))) templates.set(templateName(e.file)!, e);
  } catch {
    // An unreadable examples folder leaves the empty pipeline, which is always there.
  }
  return templates;
}

export const initCommand = defineCommand({
  name: 'init',
  summary: 'Write a starter pipeline into the current folder',
  description: `Templates: '${EMPTY}' (one shell step) and, when ansflow's examples folder is installed beside it, each examples/<name>.ansflow.yaml (these may refer to the example's scripts, which are not copied).`,
  options: {
    template: { type: 'string', value: 'name', default: EMPTY, help: 'the template to start from' },
    force: { type: 'boolean', help: 'overwrite the file if it exists' },
  },
  examples: [
    { command: 'ansflow init', about: 'write pipeline.ansflow.yaml with one shell step' },
    { command: 'ansflow init --template docker-build', about: 'start from the docker-build example' },
  ],
  exitCodes: { 0: 'the pipeline file was written', 1: 'the file could not be written', 2: 'usage error, an unknown template, or the file exists (without --force)' },
  async run({ options }, io) {
    const templates = initTemplates(examplesDir());
    const entry = templates.get(options.template);
    if (!entry) return usageError(`unknown template '${options.template.slice(0, 60)}'`, `templates: ${[...templates.keys()].join(', ')}`);
    const target = join(io.cwd, entry.file);
    if (!options.force && existsSync(target)) return usageError(`${entry.file} already exists; not overwriting it`, 'pass --force to overwrite it');
    try {
      writeFileSync(target, entry.text, { flag: options.force ? 'w' : 'wx' });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return usageError(`${entry.file} already exists; not overwriting it`, 'pass --force to overwrite it');
      return failure(EXIT.failed, `cannot write ${entry.file}: ${(e as Error).message}`);
    }
    io.stdout.write(`wrote ${entry.file} (${entry.label}, ${entry.steps} step${entry.steps === 1 ? '' : 's'})\n`);
    return 0;
  },
});
