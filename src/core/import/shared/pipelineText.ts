// How the converters write values into our pipeline: step and job ids, durations, and strings
// inside expressions.

/** A string usable as a step or job id (letters, digits, `-`, `_`), unique among `taken`. */
export function uniqueId(raw: string, taken: Set<string>): string {
  let id = raw.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 90) || 'step';
  if (!/^[A-Za-z_]/.test(id)) id = `s-${id}`;
  let candidate = id;
  for (let n = 2; taken.has(candidate); n++) candidate = `${id}-${n}`;
  taken.add(candidate);
  return candidate;
}

/** Seconds as our duration text (`1h30m`, `90s` → `1m30s`). */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  const text = `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
  return text || '0s';
}

/** Quotes text as a single-quoted expression string literal. */
export function exprString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
