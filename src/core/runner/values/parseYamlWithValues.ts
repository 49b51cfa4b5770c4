// YAML a step reads itself (Kubernetes manifests): `${{ }}` is substituted inside the parsed
// document, as scalar values, never into the text — so a value with a newline, `: ` or `---` stays
// one value. The text is parsed with placeholders first, then each scalar holding one is replaced.
import { parseAllDocuments, visit, type Document, type LineCounter } from 'yaml';
import { toDisplayString } from '../../pipeline/expressions/coerce.js';
import { withPlaceholders, type Evaluate } from './substituteText.js';

/**
 * Parses multi-document YAML and substitutes each `${{ }}` as a value. A plain (unquoted) scalar that
 * is exactly one expression takes the value with its type (a number, a boolean, null, or a list or
 * mapping for an object); a quoted or block scalar, a key, or a scalar mixing text and expressions
 * becomes a string with the values' display text. Expressions outside scalars (comments, tags) are
 * dropped. Without `evaluate` the text is parsed as written.
 */
export function parseYamlWithValues(text: string, evaluate: Evaluate | undefined, key: string, lineCounter?: LineCounter): Document.Parsed[] {
  if (!evaluate || !text.includes('${{')) return parseAllDocuments(text, { lineCounter }) as Document.Parsed[];
  const p = withPlaceholders(text, key);
  const docs = parseAllDocuments(p.text, { lineCounter }) as Document.Parsed[];
  const cache = new Map<number, unknown>();
  const value = (i: number): unknown => {
    if (!cache.has(i)) cache.set(i, evaluate(p.sources[i]!));
    return cache.get(i);
  };
  const wholeMatch = new RegExp(`^${p.pattern.source}$`);
  // Nodes made from values: visit walks into them too, and their text is never substituted again.
  const made = new WeakSet<object>();
  for (const doc of docs) {
    // A document that does not parse is reported by the caller as it stands.
    if (doc.errors.length) continue;
    visit(doc, {
      Scalar(at, node, path) {
        if (typeof node.value !== 'string' || !node.value.match(p.pattern) || path.some((n) => made.has(n))) return undefined;
        const whole = wholeMatch.exec(node.value);
        if (whole && at !== 'key' && node.type === 'PLAIN') {
          const v = value(Number(whole[1]));
          if (v !== null && typeof v === 'object') {
            const created = doc.createNode(v);
            made.add(created);
            return created;
          }
          node.value = v ?? null;
          return undefined;
        }
        node.value = node.value.replace(p.pattern, (_m, i: string) => toDisplayString(value(Number(i))));
        return undefined;
      },
    });
  }
  return docs;
}
