// Which evaluated `with` objects had a secret's value pasted into script text (escaped into a
// Python or JavaScript string literal). The pasted form is escaped for that literal, so the masker's
// forms cannot always recognise it; the step must then keep the script off the command line.
const marked = new WeakSet<object>();

/** True when `value`, as the script receives it, holds any of the secret values. */
export function holdsSecret(value: unknown, secrets: Iterable<string>): boolean {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  for (const s of secrets) if (s && text.includes(s)) return true;
  return false;
}

export function markSecretInScript(withParams: object): void {
  marked.add(withParams);
}

export function secretInScript(withParams: object | undefined): boolean {
  return withParams !== undefined && marked.has(withParams);
}
