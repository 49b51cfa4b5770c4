// The "New pipeline from template" gallery: each examples/*.ansflow.yaml becomes an entry whose label and
// description come from the file's own `name:`/`description:` (or its first comment line).
import { parseDocument } from 'yaml';

/** One template in the gallery. */
export interface GalleryEntry {
  /** File name, e.g. `docker-build.ansflow.yaml`. */
  file: string;
  label: string;
  description?: string;
  /** Number of steps, for the picker's detail line. */
  steps: number;
  text: string;
}

/** Describes one example file for the gallery. */
export function galleryEntry(file: string, text: string): GalleryEntry {
  const doc = parseDocument(text);
  const js = (doc.errors.length ? {} : doc.toJS()) as { name?: unknown; description?: unknown; steps?: unknown; jobs?: unknown } | null;
  const firstComment = /^\s*#\s*(.+)$/m.exec(text)?.[1]?.trim();
  const base = file.replace(/\.ansflow\.ya?ml$/, '');
  const count = (v: unknown): number => (v && typeof v === 'object' ? Object.keys(v).length : 0);
  const jobs = js?.jobs && typeof js.jobs === 'object' ? Object.values(js.jobs as Record<string, { steps?: unknown } | null>) : [];
  const steps = count(js?.steps) + jobs.reduce((n, j) => n + count(j?.steps), 0);
  return {
    file,
    label: typeof js?.name === 'string' ? js.name : base,
    description: typeof js?.description === 'string' ? js.description : firstComment,
    steps,
    text,
  };
}

/** The gallery's "Empty pipeline" entry: one shell step, valid as written. */
export const EMPTY_PIPELINE_ENTRY: GalleryEntry = {
  file: 'pipeline.ansflow.yaml',
  label: 'Empty pipeline',
  description: 'One shell step to start from',
  steps: 1,
  text: `# A new AnsFlow pipeline. Steps are keyed by id; \`needs\` orders them.
version: 1
name: my-pipeline
steps:
  hello:
    type: shell
    with:
      run: echo "hello from AnsFlow"
`,
};

/** Gallery entries sorted by label. */
export function buildGallery(files: Array<{ file: string; text: string }>): GalleryEntry[] {
  return files
    .filter((f) => /\.ansflow\.ya?ml$/.test(f.file))
    .map((f) => galleryEntry(f.file, f.text))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** A file name for a new pipeline that does not collide with `taken`. */
export function newPipelineFileName(template: string, taken: (name: string) => boolean): string {
  const base = template.replace(/\.ansflow\.ya?ml$/, '');
  let name = `${base}.ansflow.yaml`;
  for (let n = 2; taken(name); n++) name = `${base}-${n}.ansflow.yaml`;
  return name;
}
