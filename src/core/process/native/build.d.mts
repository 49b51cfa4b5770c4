/** The C source. */
export const SPAWN_HELPER_SOURCE: string;
/** The compiler flags; a unit test builds with these plus -Werror. */
export const SPAWN_HELPER_CFLAGS: string[];
/** File name of the helper built for this platform and architecture. */
export function spawnHelperFile(): string;
/** Builds the helper into `outDir`; its path, or undefined (after one line through `log`) when it cannot be built. */
export function buildSpawnHelper(outDir: string, log?: (line: string) => void): string | undefined;
