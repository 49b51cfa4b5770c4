// Compiles the C spawn helper (spawnHelper.c) for the platform building, into
// <outDir>/spawn-helper-<platform>-<arch>, where nativeHelper.ts looks for it. Run by esbuild.mjs.
// Without a C compiler (or on Windows) nothing is built: the runner then starts steps through the
// Python helper, so the build says so in one line and goes on.
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The C source. */
export const SPAWN_HELPER_SOURCE = join(dirname(fileURLToPath(import.meta.url)), 'spawnHelper.c');

/**
 * The compiler flags; a unit test builds with these plus -Werror. On Linux, symbols are bound at load
 * (`-z now`): the vfork child then calls no dynamic linker on the stack it shares with the helper.
 */
export const SPAWN_HELPER_CFLAGS = ['-Wall', '-Wextra', '-O2', ...(process.platform === 'linux' ? ['-Wl,-z,now'] : [])];

/** File name of the helper built for this platform and architecture (nativeHelper.ts names it alike). */
export function spawnHelperFile() {
  return `spawn-helper-${process.platform}-${process.arch}`;
}

/** Builds the helper into `outDir`; its path, or undefined (after one line through `log`) when it cannot be built. */
export function buildSpawnHelper(outDir, log = (line) => console.warn(line)) {
  if (process.platform === 'win32') return undefined;
  const out = join(outDir, spawnHelperFile());
  const tmp = `${out}.${process.pid}.tmp`;
  const cc = process.env.CC || 'cc';
  try {
    mkdirSync(outDir, { recursive: true });
    // -s: no symbols, a smaller file in the VSIX.
    execFileSync(cc, [...SPAWN_HELPER_CFLAGS, '-s', '-o', tmp, SPAWN_HELPER_SOURCE], { stdio: ['ignore', 'ignore', 'pipe'] });
    // Renamed into place rather than written over: a helper running from the old file keeps it.
    renameSync(tmp, out);
    return out;
  } catch (e) {
    rmSync(tmp, { force: true });
    const why = e.code === 'ENOENT' ? `no C compiler (${cc}; install build-essential or gcc)` : String(e.stderr ?? e.message).trim().split('\n')[0];
    log(`spawn helper: not built, steps will start through python3 instead: ${why}`);
    return undefined;
  }
}
