// The values a step was handed, as the text its scripts may write back: every environment value,
// plus the decoded text of values passed to Python/Node scripts as JSON (`AF_n`, see inject/).

/** Values substituted into an evaluated `with`'s scripts (also those escaped into string literals). */
const substituted = new WeakMap<object, string[]>();

/** Records the values substituted into the scripts of an evaluated `with` (see interpolateWith). */
export function rememberGivenValues(withParams: object, texts: string[]): void {
  const multiLine = texts.filter((t) => t.includes('\n'));
  if (multiLine.length) substituted.set(withParams, [...(substituted.get(withParams) ?? []), ...multiLine]);
}

/** Texts {@link parseOutputFile} must read as one piece (see its `knownValues`). */
export function givenValues(env: Record<string, string>, withParams?: object): string[] {
  const out: string[] = withParams ? [...(substituted.get(withParams) ?? [])] : [];
  for (const [k, v] of Object.entries(env)) {
    if (!v.includes('\n') && !v.includes('\\n')) continue;
    out.push(v);
    if (/^AF_\d+$/.test(k) && v.startsWith('"')) {
      try {
        const decoded: unknown = JSON.parse(v);
        if (typeof decoded === 'string') out.push(decoded);
      } catch {
        // not JSON: a shell value, already added as is
      }
    }
  }
  return out;
}
