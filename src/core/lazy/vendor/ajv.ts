// Ajv's schema compiler, needed only to check the `with` of template-based steps (the pipeline
// schema itself is checked by the precompiled validator): dist/lazy/ajv.js in the bundles.
export { default } from 'ajv';
