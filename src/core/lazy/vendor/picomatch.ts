// picomatch, for cache keys, workspace syncs and the security scan's file globs: dist/lazy/picomatch.js
// in the bundles.
export { default } from 'picomatch';
