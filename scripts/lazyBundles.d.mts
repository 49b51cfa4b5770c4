import type { Plugin } from 'esbuild';
/** Lazy bundle (dist/lazy/<name>.js) → its entry in the sources. */
export const LAZY_BUNDLES: Record<string, string>;
/** Packages that may reach the extension bundle only through a lazy bundle. */
export const LAZY_PACKAGES: string[];
export function lazyExternals(): Plugin;
export function lazyTargets(common: object, outdir?: string): object[];
