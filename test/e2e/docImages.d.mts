/** docs/images file ← the UI check that takes the screenshot and the screenshot's name in test-results/. */
export const DOC_IMAGES: readonly { image: string; check: string; screenshot: string }[];
/** Copies the screenshots of checks that passed (check file → start time in ms) into `imagesDir`; returns the images written. */
export function copyDocImages(resultsDir: string, imagesDir: string, passed: ReadonlyMap<string, number>): string[];
