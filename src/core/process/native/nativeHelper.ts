// Finds the C spawn helper (spawnHelper.c) built for this platform: dist/native/ beside the bundle
// that runs (dist/extension.js, dist/cli-main.js), or the checkout's dist/native/ when running from
// the sources (tsx). A VSIX unpacked by a tool that drops the mode bits leaves it not executable: it
// is made executable again, or passed over for the Python helper.
import { chmodSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isExecutable } from '../../util/isExecutable.js';

/** File name of the helper for this platform and architecture (build.mjs builds it under this name). */
export function nativeHelperFile(): string {
  return `spawn-helper-${process.platform}-${process.arch}`;
}

/** The folders looked in: beside the bundle, then the build of the checkout the sources are in. */
export function nativeHelperDirs(): string[] {
  return dirsForTest ?? [resolve(__dirname, 'native'), resolve(__dirname, '..', '..', '..', '..', 'dist', 'native')];
}

// Looked up once per process: ForkHelper asks on every step.
let found: string | null | undefined;
let dirsForTest: string[] | undefined;

/** The helper's path, or undefined when there is none here or it cannot be made executable. */
export function nativeHelperPath(): string | undefined {
  if (found !== undefined) return found ?? undefined;
  found = null;
  if (process.platform === 'win32') return undefined;
  const path = nativeHelperDirs()
    .map((d) => resolve(d, nativeHelperFile()))
    .find((p) => existsSync(p));
  if (!path) return undefined;
  if (!isExecutable(path)) {
    try {
      chmodSync(path, 0o755);
    } catch {
      // A read-only install: Python's helper serves instead.
    }
    if (!isExecutable(path)) return undefined;
  }
  found = path;
  return path;
}

/** Tests: look in `dirs` instead of the usual folders (undefined: the usual ones again), afresh. */
export function lookForNativeHelperInForTest(dirs: string[] | undefined): void {
  dirsForTest = dirs;
  found = undefined;
}
