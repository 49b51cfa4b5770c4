// tar, zip and .dockerignore handling for file steps, caches, workspace syncs and build contexts:
// dist/lazy/archive.js in the bundles.
export { extract, pack } from 'tar-fs';
export { unzipSync, zipSync } from 'fflate';
export { default as dockerignore } from '@balena/dockerignore';
