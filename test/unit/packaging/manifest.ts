// What the packaging tests read: the repository root, its package.json (the extension manifest) and the
// TypeScript sources under a folder, walked in a stable order so a failure names the same file each run.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');

export const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** Every .ts/.tsx file under `dir`, sorted by name at each level. */
export function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (name.endsWith('.ts') || name.endsWith('.tsx')) out.push(p);
  }
  return out;
}
