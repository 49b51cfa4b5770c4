// The documents the fast composer builds (fastCompose.ts, recompose.ts), marked so that walks over them
// know they hold no anchors, aliases or merge keys.
import { Document, type YAMLMap } from 'yaml';

/** A document built by the fast composer (fastCompose.ts): it holds no anchors, aliases or merge keys, so walks need no alias budget. */
export type AliasFreeDocument = Document.Parsed & { readonly aliasFree: true };

/** A document holding `root` (composed by the fast composer's rules) of a text `length` long. */
export function aliasFreeDocument(root: YAMLMap, length: number): AliasFreeDocument {
  const doc = new Document(undefined, { merge: true, uniqueKeys: false, logLevel: 'error' }) as Document.Parsed;
  doc.contents = root as unknown as Document.Parsed['contents'];
  doc.range = [0, length, length];
  // Not enumerable: the document's own walks and copies never see it.
  return Object.defineProperty(doc, 'aliasFree', { value: true }) as AliasFreeDocument;
}

/** True for documents built by the fast composer (the flag travels on the document itself). */
export function isAliasFree(doc: object): doc is AliasFreeDocument {
  return (doc as { aliasFree?: unknown }).aliasFree === true;
}
