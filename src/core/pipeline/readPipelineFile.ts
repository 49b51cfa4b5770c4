// Reads a pipeline file from disk with bounded cost: only regular files (a folder, /dev/zero or a
// FIFO is refused before it is opened), at most `maxBytes` (default 10 MB, or $ANSFLOW_MAX_FILE_SIZE),
// and bytes that are not UTF-8 become a diagnostic at the first bad byte instead of silent U+FFFD.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { Diagnostic } from '../contracts/diagnostics.js';

/** Largest pipeline file read unless configured otherwise. */
export const DEFAULT_MAX_PIPELINE_BYTES = 10 * 1024 * 1024;

/** Why a file was not read. */
export type ReadPipelineFileErrorCode = 'not-found' | 'not-a-file' | 'too-large' | 'unreadable';

/** The text (with an `invalid-encoding` diagnostic when it was not UTF-8), or why it was refused. */
export type ReadPipelineFileResult = { text: string; diagnostics: Diagnostic[] } | { error: string; code: ReadPipelineFileErrorCode };

/** Options for {@link readPipelineFile}. */
export interface ReadPipelineFileOptions {
  /** Refuse files larger than this many bytes. */
  maxBytes?: number;
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** Parses a size such as `10485760`, `512k` or `20MB`; undefined when it is not one. */
export function parseByteSize(text: string | undefined): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text ?? '');
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) return undefined;
  const n = Math.floor(Number(m[1]) * unit);
  return n > 0 ? n : undefined;
}

/** The size limit from `$ANSFLOW_MAX_FILE_SIZE`, else the default. */
export function maxPipelineBytes(env: NodeJS.ProcessEnv = process.env): number {
  return parseByteSize(env.ANSFLOW_MAX_FILE_SIZE) ?? DEFAULT_MAX_PIPELINE_BYTES;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB` : n >= 1024 ? `${(n / 1024).toFixed(1).replace(/\.0$/, '')} KB` : `${n} bytes`;
}

/** Index of the first byte that does not start or continue a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8Byte(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [need, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [need, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const x = b[i + k];
      if (x === undefined || (x & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (x & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8 either.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}

/** Decodes bytes as UTF-8; bad bytes become U+FFFD and an `invalid-encoding` error at the first. */
export function decodePipelineBytes(bytes: Uint8Array): { text: string; diagnostics: Diagnostic[] } {
  // ignoreBOM keeps a leading BOM in the text, as readFileSync(…, 'utf8') did: offsets stay the same.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const bad = text.includes('\uFFFD') ? firstInvalidUtf8Byte(bytes) : -1;
  if (bad < 0) return { text, diagnostics: [] };
  const at = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, bad)).length;
  const hex = bytes[bad]!.toString(16).toUpperCase().padStart(2, '0');
  return { text, diagnostics: [{ severity: 'error', code: 'invalid-encoding', message: `invalid UTF-8 at byte ${bad} (0x${hex}); save the file as UTF-8`, range: { start: at, end: at + 1 }, data: { byte: bad } }] };
}

/** Reads `path` as a pipeline file; see the file comment for what is refused. Never throws. */
export function readPipelineFile(path: string, options: ReadPipelineFileOptions = {}): ReadPipelineFileResult {
  const maxBytes = options.maxBytes ?? maxPipelineBytes();
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) return { error: 'is a folder, not a pipeline file', code: 'not-a-file' };
    if (!st.isFile()) return { error: 'is not a regular file (a device, pipe or socket cannot be a pipeline)', code: 'not-a-file' };
    size = st.size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? { error: 'file not found', code: 'not-found' } : { error: `cannot read the file (${code ?? 'error'})`, code: 'unreadable' };
  }
  const tooLarge = { error: `is larger than ${formatBytes(maxBytes)} (set ANSFLOW_MAX_FILE_SIZE to allow more)`, code: 'too-large' as const };
  if (size > maxBytes) return tooLarge;
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    // One byte more than allowed tells a file that grew since stat from one that fits.
    const buf = Buffer.allocUnsafe(Math.min(size, maxBytes) + 1);
    let n = 0;
    for (;;) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n === buf.length) break;
    }
    if (n > maxBytes) return tooLarge;
    return decodePipelineBytes(buf.subarray(0, n));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: `cannot read the file (${code ?? 'error'})`, code: 'unreadable' };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
