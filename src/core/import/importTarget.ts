// Where the editor writes an imported pipeline: beside the source, except for a GitHub workflow,
// whose steps run at the repository root (the folder holding .github/), so its pipeline goes there
// and the steps' relative paths, caches and artifacts keep their meaning.
import { basename, dirname, join } from 'node:path';

export function importTarget(sourcePath: string): string {
  const dir = dirname(sourcePath);
  const stem = basename(sourcePath).replace(/\.ya?ml$/i, '').replace(/^\.+/, '') || 'imported';
  const workflows = /^(?:(.*)[\\/])?\.github[\\/]workflows$/.exec(dir);
  const root = workflows ? (workflows[1] === undefined ? '.' : workflows[1] || '/') : dir;
  return join(root, `${stem}.ansflow.yaml`);
}
