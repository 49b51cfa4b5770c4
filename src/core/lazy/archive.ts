// The archive family's lazy loader: tar-fs, fflate and @balena/dockerignore (dist/lazy/archive.js in
// the bundles, see clientNode.ts for how).
type Archive = typeof import('./vendor/archive.js');

let lib: Archive | undefined;

/** tar, zip and .dockerignore handling, loaded at the first call. */
export function archiveLib(): Archive {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading on first use is the point
  return (lib ??= require('./vendor/archive.js') as Archive);
}
