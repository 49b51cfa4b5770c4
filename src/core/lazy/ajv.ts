// Ajv's compiler, loaded lazily (dist/lazy/ajv.js in the bundles, see clientNode.ts for how): only
// template-based steps need it, the pipeline schema has a precompiled validator.
type Ajv = typeof import('./vendor/ajv.js').default;

let lib: Ajv | undefined;

/** Ajv's constructor, loaded at the first call. */
export function ajv(): Ajv {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading on first use is the point
  return (lib ??= (require('./vendor/ajv.js') as { default: Ajv }).default);
}
