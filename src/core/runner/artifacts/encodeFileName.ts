// Artifact names, paths and step keys come from pipelines and from the files a step leaves behind,
// so none is used raw as a file name: each path segment is encoded to a safe, bounded, reversible-
// looking name (ordinary names stay readable: `app.js`, `report-1.md`).
import { createHash } from 'node:crypto';

const SAFE = /[A-Za-z0-9._\-+@,=~]/;
const MAX_SEGMENT = 120;

/** One file-name segment: unsafe characters as `%XX`, `.`/`..` and overlong names made harmless. */
export function encodeFileName(name: string): string {
  let out = '';
  for (const ch of name) out += SAFE.test(ch) ? ch : [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  if (out === '' || out === '.' || out === '..') out = out.replace(/\./g, '%2E') || '%00';
  // Many systems cap a name at 255 bytes; keep a readable head plus a hash of the whole.
  if (out.length > MAX_SEGMENT) out = `${out.slice(0, MAX_SEGMENT - 17)}-${createHash('sha256').update(name).digest('hex').slice(0, 16)}`;
  return out;
}

/** A `/`-separated relative path, each segment encoded with {@link encodeFileName}. */
export function encodeRelativePath(path: string): string {
  return path
    .split(/[\\/]+/)
    .filter((s) => s !== '')
    .map(encodeFileName)
    .join('/');
}
