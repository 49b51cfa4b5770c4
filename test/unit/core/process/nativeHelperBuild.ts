// The C spawn helper for the tests: the checkout's dist/native/ build, made again here when it is
// missing or older than spawnHelper.c (a run from the sources after an edit). Under CI nothing is
// built here: `npm run build` must have made it, and tests that need it fail without it (the
// product would quietly fall back to Python). Locally, without a C compiler, they skip.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { isCI } from '../../../ciMode.mjs';
import { buildSpawnHelper, SPAWN_HELPER_SOURCE, spawnHelperFile } from '../../../../src/core/process/native/build.mjs';

/** Where `npm run build` puts the helper. */
export const NATIVE_DIST = resolve(__dirname, '..', '..', '..', '..', 'dist', 'native');

/** The built helper's path, or undefined when there is none (and none could be built here). */
export function ensureNativeHelper(): string | undefined {
  const path = resolve(NATIVE_DIST, spawnHelperFile());
  const fresh = existsSync(path) && statSync(path).mtimeMs >= statSync(SPAWN_HELPER_SOURCE).mtimeMs;
  if (fresh || isCI()) return existsSync(path) ? path : undefined;
  return buildSpawnHelper(NATIVE_DIST, () => {});
}

/** Test option: skip a native helper test only outside CI and only when there is no helper. */
export function nativeSkip(path: string | undefined): { skip?: string } {
  return path || isCI() ? {} : { skip: 'no C compiler here to build the native spawn helper' };
}
