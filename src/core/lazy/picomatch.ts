// The glob matcher's lazy loader (dist/lazy/picomatch.js in the bundles, see clientNode.ts for how).
type Picomatch = typeof import('./vendor/picomatch.js').default;

let lib: Picomatch | undefined;

/** picomatch, loaded at the first call. */
export function picomatchLib(): Picomatch {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading on first use is the point
  return (lib ??= (require('./vendor/picomatch.js') as { default: Picomatch }).default);
}
